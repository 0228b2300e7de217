import SampleSite
import ShallotCLI

// The `shallot` executable: the command line plus the sample site. A project of your own makes
// its executable the same way, handing its own site to the command line.
ShallotCommand.main(site: SampleSite.site)
