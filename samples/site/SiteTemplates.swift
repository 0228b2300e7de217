/// The sample site's templates, embedded so the site runs with nothing to configure (a project
/// of your own points TEMPLATES' DIRS at a folder instead): those of its apps, as the app
/// directories loader finds them. The polls app's are the tutorial's (polls/Templates.swift).
enum SiteTemplates {
    static let all: [String: String] = Polls.templates
}
