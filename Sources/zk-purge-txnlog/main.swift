internal import Glibc
internal import PurgeTxnLog
internal import ZKToolSupport

exit(ToolMain.run(PurgeTxnLog.self))
