import Foundation
import Templates
import Testing

@Suite("Tags: now, lorem")
struct TextTagTests {
    func r(_ source: String, _ values: [String: Any] = [:]) throws -> String { try TagHarness.render(source, values) }

    static let lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum."

    @Test func dateFormatCharacters() {
        let utc = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: 1_199_243_045)  // 2008-01-02 03:04:05 UTC, a Wednesday
        #expect(DjangoDateFormat.format(date, "D d j l N m n M b F E y Y", timeZone: utc)
            == "Wed 02 2 Wednesday Jan. 01 1 Jan jan January January 08 2008")
        #expect(DjangoDateFormat.format(date, "H G h g i s A a P", timeZone: utc) == "03 3 03 3 04 05 AM a.m. 3:04 a.m.")
        #expect(DjangoDateFormat.format(date, "jS w z t L U", timeZone: utc) == "2nd 3 2 31 True 1199243045")
        #expect(DjangoDateFormat.format(date, "\\Y\\e\\a\\r: Y", timeZone: utc) == "Year: 2008")
        let afternoon = Date(timeIntervalSince1970: 1_199_243_045 + 14 * 3600 - 4 * 60)  // 17:00:05
        #expect(DjangoDateFormat.format(afternoon, "g A P h", timeZone: utc) == "5 PM 5 p.m. 05")
        let noon = Date(timeIntervalSince1970: 1_199_232_000 + 12 * 3600)
        let midnight = Date(timeIntervalSince1970: 1_199_232_000)
        #expect(DjangoDateFormat.format(noon, "P", timeZone: utc) == "noon")
        #expect(DjangoDateFormat.format(midnight, "P", timeZone: utc) == "midnight")
        let september = Date(timeIntervalSince1970: 1_221_523_200)  // 2008-09-16
        #expect(DjangoDateFormat.format(september, "N jS", timeZone: utc) == "Sept. 16th")
    }

    @Test func now() throws {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(try r("{% now 'Y' %}") == String(year))
        #expect(try r("{% now \"Y\" as y %}[{{ y }}]") == "[\(year)]")
        let parts = try r("{% now 'j n Y' %}").split(separator: " ")
        #expect(parts.count == 3 && parts[2] == "\(year)")
        #expect(try r("{% now 'YEAR_MONTH_FORMAT' %}").hasSuffix(" \(year)"))
        let today = Calendar(identifier: .gregorian).dateComponents([.day, .month, .year], from: Date())
        let (d, m, y) = (today.day!, today.month!, today.year!)
        #expect(try r("{% now \"j n Y\" %}") == "\(d) \(m) \(y)")
        #expect(try r("{% now 'j \"n\" Y'%}") == "\(d) \"\(m)\" \(y)")
        #expect(try r("{% now \"j 'n' Y\"%}") == "\(d) '\(m)' \(y)")
        #expect(try r("{% now \"j n Y\" as N %}-{{N}}-") == "-\(d) \(m) \(y)-")
        TagHarness.expectSyntaxError("{% now %}", "'now' statement takes one argument")
        TagHarness.expectSyntaxError("{% now 'Y' 'm' %}", "'now' statement takes one argument")
    }

    @Test func lorem() throws {
        #expect(try r("{% lorem %}") == Self.lorem)
        #expect(try r("{% lorem 3 w %}") == "lorem ipsum dolor")
        #expect(try r("{% lorem 1 p %}") == "<p>\(Self.lorem)</p>")
        #expect(try r("{% lorem n w %}", ["n": 2]) == "lorem ipsum")
        #expect(try r("{% lorem n w %}", ["n": "x"]) == "lorem")
        let many = try r("{% lorem 25 w %}").split(separator: " ")
        #expect(many.count == 25)
        #expect(many.prefix(19).joined(separator: " ") == "lorem ipsum dolor sit amet consectetur adipisicing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua")
        let random = try r("{% lorem 6 w random %}").split(separator: " ")
        #expect(random.count == 6)
        let paragraphs = try r("{% lorem 2 p %}").components(separatedBy: "\n\n")
        #expect(paragraphs.count == 2)
        #expect(paragraphs.first == "<p>\(Self.lorem)</p>")
        #expect(paragraphs.last?.hasPrefix("<p>") == true && paragraphs.last?.hasSuffix("</p>") == true)
        let randomParagraph = try r("{% lorem 1 b random %}")
        #expect(randomParagraph != Self.lorem && (randomParagraph.hasSuffix(".") || randomParagraph.hasSuffix("?")))
        // A count that is not a number is 1.
        #expect(try r("{% lorem two p %}") == "<p>\(Self.lorem)</p>")
        TagHarness.expectSyntaxError("{% lorem 1 2 3 %}", "Incorrect format for 'lorem' tag")
    }
}
