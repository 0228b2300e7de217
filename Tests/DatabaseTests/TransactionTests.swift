import Database
import Foundation
import Testing

struct Boom: Error {}

@Suite struct TransactionTests {
    @Test func commitOnReturnRollbackOnThrow() throws {
        try withDatabase { connection in
            try atomic {
                try Author.objects.create(Author(name: "Kept"))
                #expect(connection.inAtomicBlock)
            }
            #expect(!connection.inAtomicBlock)
            #expect(throws: Boom.self) {
                try atomic {
                    try Author.objects.create(Author(name: "Lost"))
                    throw Boom()
                }
            }
            #expect(try Author.objects.fetch().map(\.name) == ["Kept"])
            #expect(!connection.inAtomicBlock)
        }
    }

    @Test func nestedBlocksAreSavepoints() throws {
        try withDatabase { connection in
            connection.queryLog.start()
            try atomic {
                try Author.objects.create(Author(name: "Outer"))
                try? atomic {
                    try Author.objects.create(Author(name: "Inner"))
                    throw Boom()
                }
                try atomic {
                    try Author.objects.create(Author(name: "Second"))
                }
            }
            let statements = connection.queryLog.stop().map(\.sql).filter { !$0.hasPrefix("INSERT") }
            #expect(statements == ["BEGIN", #"SAVEPOINT "s1""#, #"ROLLBACK TO SAVEPOINT "s1""#, #"RELEASE SAVEPOINT "s1""#,
                                   #"SAVEPOINT "s2""#, #"RELEASE SAVEPOINT "s2""#, "COMMIT"])
            #expect(try Author.objects.fetch().map(\.name) == ["Outer", "Second"])
        }
    }

    @Test func outerRollbackUndoesReleasedSavepoints() throws {
        try withDatabase { _ throws -> Void in
            #expect(throws: Boom.self) {
                try atomic {
                    try atomic { _ = try Author.objects.create(Author(name: "Inner")) }
                    throw Boom()
                }
            }
            #expect(try Author.objects.count() == 0)
        }
    }

    @Test func atomicReturnsTheBodysValue() throws {
        try withDatabase { _ in
            let id = try atomic { try Author.objects.create(Author(name: "Ann")).id }
            #expect(try Author.objects.get().id == id)
        }
    }

    @Test func onCommitRunsAfterTheOutermostCommitOnly() throws {
        try withDatabase { connection in
            var ran: [String] = []
            try connection.atomic {
                connection.onCommit { ran.append("outer") }
                try? connection.atomic {
                    connection.onCommit { ran.append("rolled back") }
                    throw Boom()
                }
                try connection.atomic { connection.onCommit { ran.append("inner") } }
                #expect(ran.isEmpty)
            }
            #expect(ran == ["outer", "inner"])
            _ = try? connection.atomic { connection.onCommit { ran.append("never") }; throw Boom() }
            connection.onCommit { ran.append("now") }
            #expect(ran == ["outer", "inner", "now"])
        }
    }

    @Test func integrityErrorInsideAtomicRollsBack() throws {
        try withDatabase { _ in
            try Author.objects.create(Author(name: "Ann"))
            #expect(throws: IntegrityError.self) {
                try atomic {
                    try Author.objects.create(Author(name: "Bob"))
                    try Author.objects.create(Author(name: "Ann"))
                }
            }
            #expect(try Author.objects.fetch().map(\.name) == ["Ann"])
        }
    }
}
