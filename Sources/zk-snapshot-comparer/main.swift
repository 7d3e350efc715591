internal import Glibc
internal import SnapshotComparer
internal import ZKToolSupport

exit(ToolMain.run(SnapshotComparerTool.self))
