// Placeholder until the KQLEvaluatorTests tests land.
