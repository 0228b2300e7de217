import Gateway
import ShallotCLI

// The `shallot` executable: the command line plus the sample site. Until the framework lands,
// the site is the demo callable, which echoes what it receives.
ShallotCommand.main(site: Site(name: "demo", application: DemoApplication.application))
