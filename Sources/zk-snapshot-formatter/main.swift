internal import Glibc
internal import SnapshotFormatter

exit(SnapshotFormatterMain.main())
