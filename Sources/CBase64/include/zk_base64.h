// The vector kernel of ZKToolSupport's base64 encoder (Sources/ZKToolSupport/IO/ToolStreams.swift,
// `Base64`): RFC 4648 alphabet, whole 3-byte groups only; the Swift side encodes the rest and the
// padding. In C because Swift has no byte shuffle (`pshufb`).
#ifndef ZK_BASE64_H
#define ZK_BASE64_H

#include <stddef.h>
#include <stdint.h>

/// Encodes a prefix of the `n` bytes at `source` (a multiple of 12 bytes, while at least 16 can be
/// read) into `out` (16 characters per 12 bytes), when the processor has SSSE3; returns how many
/// input bytes it encoded (0 when it cannot: the caller encodes everything).
size_t zk_base64_encode_blocks(const void *source, size_t n, uint8_t *out);

#endif
