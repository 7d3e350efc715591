internal import Glibc

exit(PurgeTxnLog.run(Array(CommandLine.arguments.dropFirst())))
