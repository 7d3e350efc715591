import ZKToolSupport

/// The `-i` loop of `SnapshotComparer.compareTrees`, reading lines from `input`:
///
/// ```
/// while current < maxDepth:
///     prompt (current depth and the three choices); line = nextLine()   // none left: exception
///     threshold line
///     ""            -> Analysis for depth <current>, compare it, current += 1
///     "/..."        -> Analysis for node <line>, compare the node's children in both trees
///                      (or "Path <line> is neither found in left tree nor right tree.")
///     Integer.parseInt(line) in [0, maxDepth-1] -> current = d, Analysis for depth <d> (no advance)
///     out of range  -> "Depth must be in range [0, <maxDepth-1>]" and no empty line
///     not a number  -> "Input <line> is not valid. ..."
///     empty line
/// ```
///
/// Only Enter advances. Output is flushed before every read, so the prompt shows at a terminal.
struct InteractiveSession {
    let comparison: NodeListComparison
    let maxDepth: Int
    let input: ScannerInput

    private var out: ToolOutput { comparison.out }

    /// Runs until the last depth has been printed with Enter.
    ///
    /// - Throws: `NoSuchElementException: No line found` when the input ends first.
    func run() throws(ToolError) {
        var current = 0
        while current < maxDepth {
            out.print("Current depth is ")
            out.print(current)
            out.newline()
            out.println(
                """
                - Press enter to move to print current depth layer;
                - Type a number to jump to and print all nodes at a given depth;
                - Enter an ABSOLUTE path to print the immediate subtree of a node. Path must start with '/'.
                """
            )
            out.flush()
            guard let line = input.nextLine().map({ Array($0.utf8) }) else { throw ToolError.noLineFound }
            ComparerReport.printThresholds(comparison)
            if line.isEmpty {
                out.print("Analysis for depth ")
                out.print(current)
                out.newline()
                comparison.compareDepth(current)
                current += 1
            } else if line.first == UInt8(ascii: "/") {
                out.print("Analysis for node ")
                out.print(javaString: line)
                out.newline()
                if !comparison.compareChildren(of: line) {
                    out.print("Path ")
                    out.print(javaString: line)
                    out.println(" is neither found in left tree nor right tree.")
                }
            } else if let depth = JavaFormat.parseInt(String(decoding: line, as: UTF8.self)) {
                if depth < 0 || Int(depth) >= maxDepth {
                    out.print("Depth must be in range [0, ")
                    out.print(maxDepth - 1)
                    out.println("]")
                    continue
                }
                current = Int(depth)
                out.print("Analysis for depth ")
                out.print(current)
                out.newline()
                comparison.compareDepth(current)
            } else {
                out.print("Input ")
                out.print(javaString: line)
                out.print(" is not valid. Depth must be in range [0, ")
                out.print(maxDepth - 1)
                out.println("]. Path must be an absolute path which starts with '/'.")
            }
            out.newline()
        }
    }
}
