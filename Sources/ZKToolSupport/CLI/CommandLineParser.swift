/// A command-line parser that behaves exactly like Apache commons-cli 1.5's `DefaultParser`
/// (with partial matching of long options) and `HelpFormatter`, as TxnLogToolkit and
/// SnapshotComparer use them.
///
/// Behaviour worth knowing:
///
/// - short options bundle (`-rvy`), take an attached value (`-z0x5`, `-z=5`) or the next token
///   (`-z 5`); the next token is taken even if it starts with `-` when it is not an option, or
///   parses as a Java `double` (`-z -1`);
/// - long options take `--zxid 5` or `--zxid=5`, and unique prefixes (`--rec`, and even a single
///   dash: `-rec`);
/// - other tokens are positional arguments, anywhere; `--` ends option parsing;
/// - a repeated option keeps all its values; ``CommandLine/value(_:)`` returns the first;
/// - errors carry commons-cli's messages: `Unrecognized option: -x`,
///   `Missing argument for option: z`, `Missing required option: l`,
///   `Missing required options: l, r, b, n`, `Ambiguous option: …`.
public struct CommandLineParser: Sendable {
    /// One option, as `new Option(opt, longOpt, hasArg, description)` or `Option.builder`.
    public struct Option: Sendable, Equatable {
        /// The short name (`z`), or nil for a long-only option.
        public var short: String?
        /// The long name (`zxid`), or nil.
        public var long: String?
        /// Whether the option takes one value.
        public var hasArg: Bool
        /// The value's name in the help (`<arg>` when nil).
        public var argName: String?
        /// Whether parsing fails without it.
        public var required: Bool
        /// The help text.
        public var description: String

        /// An option; `short`/`long` without dashes. One of them must be given.
        public init(
            short: String?,
            long: String?,
            hasArg: Bool = false,
            argName: String? = nil,
            required: Bool = false,
            description: String
        ) {
            self.short = short
            self.long = long
            self.hasArg = hasArg
            self.argName = argName
            self.required = required
            self.description = description
        }

        /// `Option.getKey()`: the short name, else the long name.
        public var key: String { short ?? long ?? "" }
    }

    /// The result of a successful parse (commons-cli's `CommandLine`).
    public struct CommandLine: Sendable, Equatable {
        /// Each option occurrence in order, with the values it received.
        public var occurrences: [(option: Option, values: [String])]
        /// The positional arguments, in order.
        public var arguments: [String]

        /// Whether an option given by its short or long name was present.
        public func has(_ name: String) -> Bool {
            occurrences.contains { $0.option.short == name || $0.option.long == name }
        }

        /// All values of an option (short or long name), over all its occurrences.
        public func values(_ name: String) -> [String] {
            occurrences.filter { $0.option.short == name || $0.option.long == name }.flatMap(\.values)
        }

        /// `getOptionValue(name)`: the first value, or nil.
        public func value(_ name: String) -> String? {
            values(name).first
        }

        public static func == (a: CommandLine, b: CommandLine) -> Bool {
            a.arguments == b.arguments && a.occurrences.count == b.occurrences.count
                && zip(a.occurrences, b.occurrences).allSatisfy { $0.option == $1.option && $0.values == $1.values }
        }
    }

    /// A `ParseException`, or (rarely) a runtime exception commons-cli lets escape.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        /// `ParseException.getMessage()`; for an uncaught exception, its `toString()`.
        public var message: String
        /// True when commons-cli crashes instead of throwing a `ParseException`: the token `-=…`
        /// makes `DefaultParser.isJavaProperty` throw `StringIndexOutOfBoundsException`. Java then
        /// prints `Exception in thread "main" <message>` and a stack trace, and exits 1.
        public var isUncaughtException: Bool

        /// An error with commons-cli's message.
        public init(message: String, isUncaughtException: Bool = false) {
            self.message = message
            self.isUncaughtException = isUncaughtException
        }

        public var description: String { message }
    }

    /// The options, in definition order.
    public let options: [Option]

    /// A parser for `options`, given in definition order (which decides the order of the
    /// `Missing required options` list and of ambiguity messages).
    public init(options: [Option]) {
        self.options = options
    }

    /// Parses `arguments` (without the program name) as `new DefaultParser().parse(options, args)`.
    public func parse(_ arguments: [String]) throws(ParseError) -> CommandLine {
        var state = ParseState(parser: self)
        for token in arguments {
            try state.handleToken(token)
        }
        try state.checkRequiredArguments()
        if !state.expected.isEmpty {
            let plural = state.expected.count == 1 ? "" : "s"
            throw ParseError(message: "Missing required option\(plural): " + state.expected.joined(separator: ", "))
        }
        return CommandLine(occurrences: state.occurrences, arguments: state.positional)
    }

    // MARK: - Option lookup (commons-cli's Options), on UTF-16 units like Java's String

    typealias Units = [UInt16]

    static func units(_ s: String) -> Units { Array(s.utf16) }

    static func string(_ u: some Collection<UInt16>) -> String { String(decoding: u, as: UTF16.self) }

    static func stripLeadingHyphens(_ s: Units) -> Units {
        if s.starts(with: [0x2D, 0x2D]) {
            return Array(s.dropFirst(2))
        }
        if s.first == 0x2D {
            return Array(s.dropFirst())
        }
        return s
    }

    func shortOption(_ name: Units) -> Option? {
        let n = Self.stripLeadingHyphens(name)
        return options.first { $0.short.map { Self.units($0) == n } ?? false }
    }

    func longOption(_ name: Units) -> Option? {
        let n = Self.stripLeadingHyphens(name)
        return options.first { $0.long.map { Self.units($0) == n } ?? false }
    }

    /// `Options.getOption`: by short name first, then long name.
    func option(_ name: Units) -> Option? {
        shortOption(name) ?? longOption(name)
    }

    /// `Options.getMatchingOptions`: the exact long name, or all long names it prefixes.
    func matchingLongOptions(_ token: Units) -> [String] {
        let t = Self.stripLeadingHyphens(token)
        let longs = options.compactMap(\.long)
        if longs.contains(where: { Self.units($0) == t }) {
            return [Self.string(t)]
        }
        return longs.filter { Self.units($0).starts(with: t) }
    }
}

/// The mutable state of one `DefaultParser.parse` run.
private struct ParseState {
    typealias Option = CommandLineParser.Option
    typealias ParseError = CommandLineParser.ParseError
    typealias Units = CommandLineParser.Units

    let parser: CommandLineParser
    var occurrences: [(option: Option, values: [String])] = []
    var positional: [String] = []
    var expected: [String]
    var skipParsing = false
    /// The index in `occurrences` of the option waiting for a value.
    var current: Int?
    var currentToken: Units = []

    init(parser: CommandLineParser) {
        self.parser = parser
        var expected: [String] = []
        for option in parser.options where option.required {
            expected.removeAll { $0 == option.key }
            expected.append(option.key)
        }
        self.expected = expected
    }

    static func string(_ u: some Collection<UInt16>) -> String { CommandLineParser.string(u) }

    func acceptsArg(_ index: Int) -> Bool {
        occurrences[index].option.hasArg && occurrences[index].values.isEmpty
    }

    mutating func handleToken(_ token: String) throws(ParseError) {
        let t = CommandLineParser.units(token)
        currentToken = t
        if skipParsing {
            positional.append(token)
        } else if t == [0x2D, 0x2D] {
            skipParsing = true
        } else if let current, acceptsArg(current), isArgument(t) {
            occurrences[current].values.append(Self.stripLeadingAndTrailingQuotes(t))
        } else if t.starts(with: [0x2D, 0x2D]) {
            try handleLongOption(t)
        } else if t.first == 0x2D && t.count > 1 {
            try handleShortAndLongOption(t)
        } else {
            try handleUnknownToken(t)
        }
        if let current, !acceptsArg(current) {
            self.current = nil
        }
    }

    static func stripLeadingAndTrailingQuotes(_ u: Units) -> String {
        if u.count > 1 && u.first == 0x22 && u.last == 0x22 && !u[1..<(u.count - 1)].contains(0x22) {
            return string(u[1..<(u.count - 1)])
        }
        return string(u)
    }

    func isArgument(_ token: Units) -> Bool {
        !isOption(token) || JavaDoubleSyntax.isParsable(token)
    }

    func isOption(_ token: Units) -> Bool {
        isLongOption(token) || isShortOption(token)
    }

    func isShortOption(_ token: Units) -> Bool {
        guard token.first == 0x2D && token.count > 1 else {
            return false
        }
        let name = Array(token[1..<(token.firstIndex(of: 0x3D) ?? token.count)])
        if parser.shortOption(name) != nil {
            return true
        }
        return !name.isEmpty && parser.shortOption([name[0]]) != nil
    }

    func isLongOption(_ token: Units) -> Bool {
        guard token.first == 0x2D && token.count > 1 else {
            return false
        }
        let t = Array(token[0..<(token.firstIndex(of: 0x3D) ?? token.count)])
        if !parser.matchingLongOptions(t).isEmpty {
            return true
        }
        return longPrefix(token) != nil && !token.starts(with: [0x2D, 0x2D])
    }

    mutating func handleUnknownToken(_ token: Units) throws(ParseError) {
        if token.first == 0x2D && token.count > 1 {
            throw ParseError(message: "Unrecognized option: " + Self.string(token))
        }
        positional.append(Self.string(token))
    }

    mutating func handleLongOption(_ token: Units) throws(ParseError) {
        if token.contains(0x3D) {
            try handleLongOptionWithEqual(token)
        } else {
            try handleLongOptionWithoutEqual(token)
        }
    }

    mutating func handleLongOptionWithoutEqual(_ token: Units) throws(ParseError) {
        let matching = parser.matchingLongOptions(token)
        if matching.isEmpty {
            try handleUnknownToken(currentToken)
        } else if matching.count > 1 && parser.longOption(token) == nil {
            throw Self.ambiguous(token, matching)
        } else {
            let key = parser.longOption(token) != nil ? token : CommandLineParser.units(matching[0])
            try handleOption(parser.option(key)!)
        }
    }

    mutating func handleLongOptionWithEqual(_ token: Units) throws(ParseError) {
        let eq = token.firstIndex(of: 0x3D)!
        let value = Self.string(token[(eq + 1)...])
        let opt = Array(token[..<eq])
        let matching = parser.matchingLongOptions(opt)
        if matching.isEmpty {
            try handleUnknownToken(currentToken)
        } else if matching.count > 1 && parser.longOption(opt) == nil {
            throw Self.ambiguous(opt, matching)
        } else {
            let key = parser.longOption(opt) != nil ? opt : CommandLineParser.units(matching[0])
            let option = parser.option(key)!
            if option.hasArg {
                try handleOption(option)
                occurrences[occurrences.count - 1].values.append(value)
                current = nil
            } else {
                try handleUnknownToken(currentToken)
            }
        }
    }

    static func ambiguous(_ option: Units, _ matching: [String]) -> ParseError {
        let list = matching.map { "'\($0)'" }.joined(separator: ", ")
        return ParseError(message: "Ambiguous option: '\(string(option))'  (could be: \(list))")
    }

    mutating func handleShortAndLongOption(_ token: Units) throws(ParseError) {
        let t = CommandLineParser.stripLeadingHyphens(token)
        if t.count == 1 {
            if let option = parser.shortOption(t) {
                try handleOption(option)
            } else {
                try handleUnknownToken(token)
            }
        } else if let eq = t.firstIndex(of: 0x3D) {
            let opt = Array(t[..<eq])
            let value = Self.string(t[(eq + 1)...])
            if opt.count == 1 {
                if let option = parser.option(opt), option.hasArg {
                    try handleOption(option)
                    occurrences[occurrences.count - 1].values.append(value)
                    current = nil
                } else {
                    try handleUnknownToken(token)
                }
            } else if opt.isEmpty {
                // isJavaProperty("") calls "".substring(0, 1).
                throw ParseError(
                    message: "java.lang.StringIndexOutOfBoundsException: begin 0, end 1, length 0",
                    isUncaughtException: true
                )
            } else {
                // (-SV1=V2 needs an option with two or more values; there are none.)
                try handleLongOptionWithEqual(token)
            }
        } else if let option = parser.shortOption(t) {
            try handleOption(option)
        } else if !parser.matchingLongOptions(t).isEmpty {
            try handleLongOptionWithoutEqual(token)
        } else if let opt = longPrefix(t), let option = parser.option(opt), option.hasArg {
            try handleOption(option)
            occurrences[occurrences.count - 1].values.append(Self.string(t[opt.count...]))
            current = nil
        } else {
            // -S1S2S3 or -S1S2V (-SV1 needs an option with two or more values; there are none.)
            try handleConcatenatedOptions(token)
        }
    }

    /// `getLongPrefix`: the longest prefix of the token (at least 2 units, leaving at least 2)
    /// that is a long option name (`-Xmx512m`).
    func longPrefix(_ token: Units) -> Units? {
        let t = CommandLineParser.stripLeadingHyphens(token)
        var i = t.count - 2
        while i > 1 {
            let prefix = Array(t[0..<i])
            if parser.longOption(prefix) != nil {
                return prefix
            }
            i -= 1
        }
        return nil
    }

    mutating func handleConcatenatedOptions(_ token: Units) throws(ParseError) {
        var i = 1
        while i < token.count {
            let ch: Units = [token[i]]
            if let option = parser.option(ch) {
                try handleOption(option)
                if current != nil && token.count != i + 1 {
                    occurrences[occurrences.count - 1].values.append(Self.string(token[(i + 1)...]))
                    break
                }
            } else {
                try handleUnknownToken(token)
                break
            }
            i += 1
        }
    }

    mutating func handleOption(_ option: Option) throws(ParseError) {
        try checkRequiredArguments()
        if option.required {
            expected.removeAll { $0 == option.key }
        }
        occurrences.append((option, []))
        current = option.hasArg ? occurrences.count - 1 : nil
    }

    func checkRequiredArguments() throws(ParseError) {
        if let current, acceptsArg(current) {
            throw ParseError(message: "Missing argument for option: " + occurrences[current].option.key)
        }
    }
}

/// Whether `Double.parseDouble` accepts a string (commons-cli's `isNegativeNumber`).
enum JavaDoubleSyntax {
    /// Java's `FloatingDecimal.readJavaFormatString` grammar: optional whitespace (`<= ' '`)
    /// around; a sign; `NaN`, `Infinity`, a decimal (`1`, `1.`, `.5`, `1e-3`) or a hexadecimal
    /// (`0x1.8p3`, binary exponent required) number; an optional `f`/`F`/`d`/`D` suffix.
    static func isParsable(_ s: [UInt16]) -> Bool {
        var u = s
        while let f = u.first, f <= 0x20 { u.removeFirst() }
        while let l = u.last, l <= 0x20 { u.removeLast() }
        var i = 0
        if i < u.count && (u[i] == 0x2B || u[i] == 0x2D) {
            i += 1
        }
        let rest = Array(u[i...])
        if rest == Array("NaN".utf16) || rest == Array("Infinity".utf16) {
            return true
        }
        func isDigit(_ c: UInt16) -> Bool { c >= 0x30 && c <= 0x39 }
        func isHex(_ c: UInt16) -> Bool { isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
        var j = 0
        if rest.count >= 2 && rest[0] == 0x30 && (rest[1] == 0x78 || rest[1] == 0x58) {
            j = 2
            var digits = 0
            while j < rest.count && isHex(rest[j]) {
                j += 1
                digits += 1
            }
            if j < rest.count && rest[j] == 0x2E {
                j += 1
                while j < rest.count && isHex(rest[j]) {
                    j += 1
                    digits += 1
                }
            }
            guard digits > 0, j < rest.count, rest[j] == 0x70 || rest[j] == 0x50 else {
                return false
            }
            j += 1
            if j < rest.count && (rest[j] == 0x2B || rest[j] == 0x2D) {
                j += 1
            }
            let start = j
            while j < rest.count && isDigit(rest[j]) {
                j += 1
            }
            guard j > start else {
                return false
            }
        } else {
            var digits = 0
            while j < rest.count && isDigit(rest[j]) {
                j += 1
                digits += 1
            }
            if j < rest.count && rest[j] == 0x2E {
                j += 1
                while j < rest.count && isDigit(rest[j]) {
                    j += 1
                    digits += 1
                }
            }
            guard digits > 0 else {
                return false
            }
            if j < rest.count && (rest[j] == 0x65 || rest[j] == 0x45) {
                j += 1
                if j < rest.count && (rest[j] == 0x2B || rest[j] == 0x2D) {
                    j += 1
                }
                let start = j
                while j < rest.count && isDigit(rest[j]) {
                    j += 1
                }
                guard j > start else {
                    return false
                }
            }
        }
        if j < rest.count && [0x66, 0x46, 0x64, 0x44].contains(rest[j]) {
            j += 1
        }
        return j == rest.count
    }
}
