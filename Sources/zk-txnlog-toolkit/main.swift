internal import Glibc
internal import TxnLogToolkit

exit(TxnLogToolkitMain.main())
