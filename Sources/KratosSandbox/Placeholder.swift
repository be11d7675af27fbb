// Placeholder until the KratosSandbox target lands; removed by its first real file.
