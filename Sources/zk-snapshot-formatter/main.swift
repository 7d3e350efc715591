internal import Glibc
internal import SnapshotFormatter
internal import ZKToolSupport

exit(ToolMain.run(SnapshotFormatterTool.self))
