// Placeholder until the KQLEvaluator target lands; removed by its first real file.
