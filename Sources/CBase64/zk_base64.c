// See include/zk_base64.h. The method is Wojciech Muła's "Base64 encoding with SIMD
// instructions" (reshuffle with multiplies, then one `pshufb` look-up of the offset to add per
// range of 6-bit values).
#include "zk_base64.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("ssse3")))
static size_t encode_ssse3(const uint8_t *src, size_t n, uint8_t *out) {
    // Bytes a b c of each group of three go to 32-bit lanes as b a c b, so that two 16-bit
    // multiplies move the four 6-bit fields to the four bytes.
    const __m128i shuffle = _mm_set_epi8(10, 11, 9, 10, 7, 8, 6, 7, 4, 5, 3, 4, 1, 2, 0, 1);
    // Offset added to each 6-bit value, by range: 0..25 'A', 26..51 'a'-26, 52..61 '0'-52,
    // 62 '+'-62, 63 '/'-63; indexed by (value saturating-minus 51), or 13 for 0..25.
    const __m128i offsets = _mm_setr_epi8(
        'a' - 26, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
        '0' - 52, '0' - 52, '0' - 52, '+' - 62, '/' - 63, 'A', 0, 0);
    size_t i = 0;
    size_t o = 0;
    while (i + 16 <= n) {
        __m128i in = _mm_loadu_si128((const __m128i *)(src + i));
        in = _mm_shuffle_epi8(in, shuffle);
        const __m128i t0 = _mm_and_si128(in, _mm_set1_epi32(0x0fc0fc00));
        const __m128i t1 = _mm_mulhi_epu16(t0, _mm_set1_epi32(0x04000040));
        const __m128i t2 = _mm_and_si128(in, _mm_set1_epi32(0x003f03f0));
        const __m128i t3 = _mm_mullo_epi16(t2, _mm_set1_epi32(0x01000010));
        const __m128i values = _mm_or_si128(t1, t3);
        __m128i range = _mm_subs_epu8(values, _mm_set1_epi8(51));
        const __m128i low = _mm_cmpgt_epi8(_mm_set1_epi8(26), values);
        range = _mm_or_si128(range, _mm_and_si128(low, _mm_set1_epi8(13)));
        const __m128i chars = _mm_add_epi8(_mm_shuffle_epi8(offsets, range), values);
        _mm_storeu_si128((__m128i *)(out + o), chars);
        i += 12;
        o += 16;
    }
    return i;
}

size_t zk_base64_encode_blocks(const void *source, size_t n, uint8_t *out) {
    // libgcc/compiler-rt fill the processor model in a constructor, before main.
    return __builtin_cpu_supports("ssse3") ? encode_ssse3((const uint8_t *)source, n, out) : 0;
}

#else

size_t zk_base64_encode_blocks(const void *source, size_t n, uint8_t *out) {
    (void)source;
    (void)n;
    (void)out;
    return 0;
}

#endif
