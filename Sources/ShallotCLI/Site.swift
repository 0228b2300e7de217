import Gateway

/// What a site hands to the command line: its name and its WSGI callable.
///
/// A user's own package makes its `manage.py`-like executable in a few lines:
/// `ShallotCommand.main(site: Site(name: "mysite", application: mysite.application))`.
public struct Site: Sendable {
    public var name: String
    public var application: Application

    public init(name: String, application: @escaping Application) {
        self.name = name
        self.application = application
    }
}
