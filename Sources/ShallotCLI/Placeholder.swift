enum _PlaceholderShallotCLI {}
