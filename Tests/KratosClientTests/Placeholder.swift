// Placeholder until the KratosClientTests tests land.
