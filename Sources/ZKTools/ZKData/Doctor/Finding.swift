/// One thing `zkdata doctor` found: how bad, a stable code, where, what, and the exact way out.
struct Finding {
    enum Severity: String, Comparable {
        case error, warning, info

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .info: 2
            }
        }

        static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    var severity: Severity
    /// Stable, e.g. `log-crc-mismatch`, `snapshot-seal-mismatch`, `log-gap`, `startup-fails`.
    var code: String
    var file: String
    var offset: Int?
    var message: String
    /// A command, or the exact action, that repairs or works around it.
    var fix: String
}
