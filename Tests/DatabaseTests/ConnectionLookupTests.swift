import Database
import Foundation
import Synchronization
import Testing

/// A thread keeps the last connection it found and gets it again without the registry's lock:
/// only while that connection is still registered, and only from the handler and alias it
/// came from.
@Suite struct ConnectionLookupTests {
    @Test func handlersAndAliasesTakingTurnsEachGetTheirOwn() throws {
        let first = ConnectionHandler(["default": .sqlite(":memory:"), "other": .sqlite(":memory:")])
        let second = ConnectionHandler(["default": .sqlite(":memory:")])
        let mine = try first.connection()
        let other = try first.connection("other")
        let theirs = try second.connection()
        #expect(mine !== other && mine !== theirs && other !== theirs)
        for _ in 0..<3 {
            #expect(try first.connection() === mine)
            #expect(try second.connection() === theirs)
            #expect(try first.connection("other") === other)
        }
        #expect(throws: ProgrammingError.self) { try second.connection("other") }
        #expect(try second.connection() === theirs)
        first.closeThreadConnections()
        second.closeThreadConnections()
    }

    @Test func aConnectionLeavingTheRegistryIsNotHandedOutAgain() throws {
        let handler = ConnectionHandler(["default": .sqlite(":memory:"), "aged": .sqlite(":memory:", connMaxAge: 0)])
        var connection = try handler.connection()
        handler.closeThreadConnections()
        #expect(try handler.connection() !== connection)

        connection = try handler.connection()
        handler.closeAll()
        #expect(try handler.connection() !== connection)

        // closeAll from another thread: this thread's next lookup finds a new one.
        connection = try handler.connection()
        let done = DispatchSemaphore(value: 0)
        Thread { handler.closeAll(); done.signal() }.start()
        done.wait()
        let after = try handler.connection()
        #expect(after !== connection)
        #expect(try handler.connection() === after)

        // An expired connection (CONN_MAX_AGE 0) closed when a request starts or ends.
        let aged = try handler.connection("aged")
        try aged.open()
        handler.closeOldConnections()
        #expect(!aged.isOpen)
        #expect(try handler.connection("aged") !== aged)
        handler.closeThreadConnections()
    }

    @Test func aNewHandlerNeverGetsAnEarlierHandlersConnection() throws {
        var seen: [ObjectIdentifier] = []
        var kept: [Connection] = []
        for _ in 0..<5 {
            let handler = ConnectionHandler(["default": .sqlite(":memory:")])
            let connection = try handler.connection()
            #expect(!seen.contains(ObjectIdentifier(connection)))
            seen.append(ObjectIdentifier(connection))
            kept.append(connection)
            #expect(try handler.connection() === connection)
        }
    }

    /// `get()` takes the query set it runs on: one held in a variable is unchanged after it.
    @Test func getLeavesAHeldQuerySetAsItWas() throws {
        try withDatabase { _ in
            try seedPolls()
            let byVotes = Choice.objects.orderBy("-votes")
            #expect(try byVotes.get("votes", 5).choiceText == "The sky")
            #expect(try byVotes.filter("votes", 0).get().choiceText == "Nobody")
            #expect(try byVotes.fetch().map(\.votes) == [5, 3, 2, 1, 0])
            let top = byVotes[..<2]
            #expect(throws: MultipleObjectsReturned.self) { try top.get() }
            #expect(try byVotes.filter("votes__gte", 5)[..<5].get().votes == 5)
            #expect(try top.fetch().map(\.votes) == [5, 3])
            let many = #expect(throws: MultipleObjectsReturned.self) { try byVotes.get() }
            #expect(many?.description == "get() returned more than one Choice -- it returned 5!")
            #expect(try byVotes.count() == 5)
        }
    }

    /// More than 21 matches: `get()` fetches 21 rows at most and counts them all for the error.
    @Test func getCountsEveryMatchPastTwentyOne() throws {
        try withDatabase { _ in
            let what = try Question.objects.create(Question(questionText: "What's up?", pubDate: day(0)))
            try Choice.objects.bulkCreate((0..<30).map { Choice(question: ForeignKey(what), choiceText: "c\($0)", votes: $0) })
            let all = Choice.objects.all()
            let many = #expect(throws: MultipleObjectsReturned.self) { try all.get() }
            #expect(many?.description == "get() returned more than one Choice -- it returned 30!")
            let sliced = #expect(throws: MultipleObjectsReturned.self) { try all.orderBy("votes")[2..<25].get() }
            #expect(sliced?.description == "get() returned more than one Choice -- it returned 23!")
            #expect(try all.count() == 30)
        }
    }
}
