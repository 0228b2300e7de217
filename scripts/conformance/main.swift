// Django template conformance: renders every case scripts/django-template-cases.py recorded from
// Django's own template tests with Templates.Engine and compares with Django's output.
//
//   swift run shallot-conformance [--verbose] [--trace] [--cases FILE] [FILTER]
//
// FILTER keeps the cases whose Django test id contains it. --verbose also lists the unportable
// cases and why. Exits 0 whatever the score: it measures, it does not gate.
import Foundation
import Templates

var verbose = false
/// --trace: each case's test id on stderr before it runs (to find a case that crashes).
var trace = false
var path = "/tmp/django-template-cases.json"
var filter: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--verbose", "-v": verbose = true
    case "--trace": trace = true
    case "--cases": path = arguments.next() ?? path
    case "--help", "-h":
        print("usage: shallot-conformance [--verbose] [--trace] [--cases FILE] [FILTER]")
        exit(0)
    default: filter = argument
    }
}

guard let data = FileManager.default.contents(atPath: path) else {
    print("no cases at \(path): run scripts/django-template-cases.py first")
    exit(1)
}
let root = try JSONContext.parse(Array(data))
var cases = ((root["cases"] as? [Any]) ?? []).compactMap { ($0 as? TemplateDictionary).map(Case.init) }
if let filter { cases = cases.filter { $0.test.contains(filter) } }

var runner = Runner()
var passed = 0
var failures: [String: [(Case, Outcome)]] = [:]
var unportable: [Case] = []
/// Error cases that pass on the exception's class but whose message differs from Django's.
var otherMessages: [(Case, any Error)] = []
for test in cases {
    if test.unportable != nil {
        unportable.append(test)
        continue
    }
    if trace { FileHandle.standardError.write(Data("\(test.test) \(test.templateDescription)\n".utf8)) }
    let outcome = runner.run(test)
    if Runner.matches(test, outcome) {
        passed += 1
        if case .error(let error) = outcome, !Runner.sameMessage(test, error) { otherMessages.append((test, error)) }
    } else {
        failures[test.file, default: []].append((test, outcome))
    }
}

/// Long texts cut to a screenful unless --verbose.
@MainActor func clip(_ text: String) -> String { verbose || text.count <= 400 ? text : text.prefix(400) + "…" }

for file in failures.keys.sorted() {
    let list = failures[file]!
    print("== \(file): \(list.count) failed")
    for (test, outcome) in list {
        print("  \(test.test.split(separator: ".").last ?? "") [\(test.kind)\(test.options["string_if_invalid"].map { " invalid=\(Value.string($0).debugDescription)" } ?? "")]")
        print("    template: \(test.templateDescription)")
        if verbose, let context = test.context { print("    context:  \(Value.pythonRepr(CaseValues.decode(context)))") }
        print("    expected: \(clip(test.expected))")
        print("    actual:   \(clip(outcome.text))")
    }
}
if verbose {
    for (test, error) in otherMessages {
        print("message differs \(test.test): expected \(clip(test.errorMessage ?? "").debugDescription), got \(clip("\(error)").debugDescription)")
    }
    for test in unportable { print("unportable \(test.test): \(test.unportable!)") }
}

let failed = failures.values.reduce(0) { $0 + $1.count }
let portable = passed + failed
func percent(_ part: Int, _ whole: Int) -> String { whole == 0 ? "-" : String(format: "%.1f%%", Double(part) * 100 / Double(whole)) }
print("")
print("total \(cases.count), passed \(passed), failed \(failed), unportable \(unportable.count)")
print("passed/portable \(percent(passed, portable)), passed/all \(percent(passed, cases.count))")
print("errors passed on their class with another message: \(otherMessages.count) (--verbose lists them)")
print("failed by file: " + failures.keys.sorted().map { "\($0.split(separator: ".").last!) \(failures[$0]!.count)" }.joined(separator: ", "))
