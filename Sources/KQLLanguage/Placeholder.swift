// Placeholder until the KQLLanguage target lands; removed by its first real file.
