// Placeholder until the KQLLanguageTests tests land.
