enum _PlaceholderConsole {}
