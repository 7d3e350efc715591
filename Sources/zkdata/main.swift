internal import ZKData

ZKDataMain.main()
