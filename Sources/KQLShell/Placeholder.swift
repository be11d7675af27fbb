// Placeholder until the KQLShell target lands; removed by its first real file.
