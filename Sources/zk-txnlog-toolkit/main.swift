internal import Glibc
internal import TxnLogToolkit
internal import ZKToolSupport

exit(ToolMain.run(TxnLogToolkitTool.self))
