// Placeholder until the KQLShellTests tests land.
