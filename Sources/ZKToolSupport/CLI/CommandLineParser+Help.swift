extension CommandLineParser {
    /// The text of `new HelpFormatter().printHelp(width, syntax, "", options, "")` (commons-cli
    /// 1.5), including the final line feed.
    ///
    /// `usage: <syntax>`, then one line per option sorted case-insensitively by key:
    /// one space, `-x,--long <ARG>` padded to the widest such column, three spaces, the
    /// description. Lines longer than `width` wrap as `HelpFormatter.renderWrappedText` wraps
    /// them.
    public func helpText(syntax: String, width: Int = 120) -> String {
        var out = ""
        // printUsage: "usage: " + syntax, continuation lines indented past the first word.
        let prefix = "usage: "
        let firstSpace = syntax.utf16.firstIndex(of: 0x20).map {
            syntax.utf16.distance(from: syntax.utf16.startIndex, to: $0)
        }
        let argPos = (firstSpace ?? -1) + 1
        out += Self.renderWrappedText(width: width, nextLineTabStop: prefix.utf16.count + argPos, text: prefix + syntax)
        out += "\n"
        out += renderOptions(width: width, leftPad: 1, descPad: 3)
        out += "\n"
        return out
    }

    /// `HelpFormatter.renderOptions` (without the final line feed).
    func renderOptions(width: Int, leftPad: Int, descPad: Int) -> String {
        let lpad = String(repeating: " ", count: leftPad)
        let dpad = String(repeating: " ", count: descPad)
        let sorted = options.sorted { Self.compareIgnoringCase($0.key, $1.key) < 0 }
        var prefixes: [[UInt16]] = []
        var maxLength = 0
        for option in sorted {
            var text = lpad
            if let short = option.short {
                text += "-" + short
                if let long = option.long {
                    text += ",--" + long
                }
            } else {
                text += "   --" + (option.long ?? "")
            }
            if option.hasArg {
                if let argName = option.argName, argName.isEmpty {
                    text += " "
                } else {
                    text += " <" + (option.argName ?? "arg") + ">"
                }
            }
            let units = Array(text.utf16)
            prefixes.append(units)
            maxLength = max(maxLength, units.count)
        }
        var lines: [String] = []
        for (option, prefix) in zip(sorted, prefixes) {
            var units = prefix
            units += [UInt16](repeating: 0x20, count: maxLength - prefix.count)
            units += Array(dpad.utf16)
            units += Array(option.description.utf16)
            lines.append(
                Self.renderWrappedText(width: width, nextLineTabStop: maxLength + descPad, text: Self.string(units))
            )
        }
        return lines.joined(separator: "\n")
    }

    /// `String.compareToIgnoreCase` (per UTF-16 unit: upper-cased, then lower-cased).
    static func compareIgnoringCase(_ a: String, _ b: String) -> Int {
        let ua = Array(a.utf16)
        let ub = Array(b.utf16)
        for (x, y) in zip(ua, ub) where x != y {
            let fx = foldCase(x)
            let fy = foldCase(y)
            if fx != fy {
                return Int(fx) - Int(fy)
            }
        }
        return ua.count - ub.count
    }

    static func foldCase(_ u: UInt16) -> UInt16 {
        guard let scalar = Unicode.Scalar(u) else {
            return u
        }
        let upper = String(scalar).uppercased().unicodeScalars
        let up = upper.count == 1 ? upper.first!.value : scalar.value
        guard let upScalar = Unicode.Scalar(up) else {
            return u
        }
        let lower = String(upScalar).lowercased().unicodeScalars
        let low = lower.count == 1 ? lower.first!.value : up
        return low <= 0xFFFF ? UInt16(low) : u
    }

    /// `HelpFormatter.renderWrappedText`.
    static func renderWrappedText(width: Int, nextLineTabStop: Int, text: String) -> String {
        var text = Array(text.utf16)
        var out: [UInt16] = []
        var pos = findWrapPos(text, width: width, start: 0)
        if pos == -1 {
            return string(rtrim(text))
        }
        out += rtrim(Array(text[0..<pos]))
        out.append(0x0A)
        let tabStop = nextLineTabStop >= width ? 1 : nextLineTabStop
        let padding = [UInt16](repeating: 0x20, count: tabStop)
        while true {
            text = padding + trim(Array(text[pos...]))
            pos = findWrapPos(text, width: width, start: 0)
            if pos == -1 {
                out += text
                return string(out)
            }
            if text.count > width && pos == tabStop - 1 {
                pos = width
            }
            out += rtrim(Array(text[0..<pos]))
            out.append(0x0A)
        }
    }

    /// `HelpFormatter.findWrapPos`.
    static func findWrapPos(_ text: [UInt16], width: Int, start: Int) -> Int {
        if let nl = text[start...].firstIndex(of: 0x0A), nl <= width {
            return nl + 1
        }
        if let tab = text[start...].firstIndex(of: 0x09), tab <= width {
            return tab + 1
        }
        if start + width >= text.count {
            return -1
        }
        var pos = start + width
        while pos >= start {
            let c = text[pos]
            if c == 0x20 || c == 0x0A || c == 0x0D {
                break
            }
            pos -= 1
        }
        if pos > start {
            return pos
        }
        pos = start + width
        return pos == text.count ? -1 : pos
    }

    static func rtrim(_ s: [UInt16]) -> [UInt16] {
        var end = s.count
        while end > 0 && isJavaWhitespace(s[end - 1]) {
            end -= 1
        }
        return Array(s[0..<end])
    }

    /// `String.trim()`: drops units `<= ' '` at both ends.
    static func trim(_ s: [UInt16]) -> [UInt16] {
        var start = 0
        var end = s.count
        while start < end && s[start] <= 0x20 {
            start += 1
        }
        while end > start && s[end - 1] <= 0x20 {
            end -= 1
        }
        return Array(s[start..<end])
    }

    /// `Character.isWhitespace` for one UTF-16 unit (HelpFormatter's `rtrim`).
    static func isJavaWhitespace(_ u: UInt16) -> Bool {
        switch u {
        case 0x09...0x0D, 0x1C...0x20, 0x1680, 0x2000...0x2006, 0x2008...0x200A, 0x2028, 0x2029, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}
