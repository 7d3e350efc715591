internal import Glibc
internal import PurgeTxnLog

exit(PurgeTxnLogMain.main())
