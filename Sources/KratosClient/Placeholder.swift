// Placeholder until the KratosClient target lands; removed by its first real file.
