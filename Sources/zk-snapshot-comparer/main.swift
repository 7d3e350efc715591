internal import Glibc
internal import SnapshotComparer

exit(SnapshotComparerMain.main())
