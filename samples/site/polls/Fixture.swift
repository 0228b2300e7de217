// polls/fixtures/polls.json: the sample questions and choices, as `shallot dumpdata polls
// --indent 2` writes them (Django's JSON fixture format), installed when the sample database is
// created. Every question is dated in the past: the tutorial's part 5 (hiding questions dated
// in the future) is not part of the sample.

extension Polls {
    /// The fixture's objects, in Django's JSON fixture format.
    static let fixture = """
        [
        {"model": "polls.question", "pk": 1, "fields": {"question_text": "What's new?", "pub_date": "2026-01-05T09:00:00Z"}},
        {"model": "polls.question", "pk": 2, "fields": {"question_text": "What's up?", "pub_date": "2026-02-14T18:30:00Z"}},
        {"model": "polls.question", "pk": 3, "fields": {"question_text": "Shallots or onions?", "pub_date": "2026-03-21T12:00:00Z"}},
        {"model": "polls.choice", "pk": 1, "fields": {"question": 1, "choice_text": "Not much", "votes": 0}},
        {"model": "polls.choice", "pk": 2, "fields": {"question": 1, "choice_text": "The sky", "votes": 0}},
        {"model": "polls.choice", "pk": 3, "fields": {"question": 1, "choice_text": "Just hacking again", "votes": 0}},
        {"model": "polls.choice", "pk": 4, "fields": {"question": 2, "choice_text": "A shallot", "votes": 3}},
        {"model": "polls.choice", "pk": 5, "fields": {"question": 2, "choice_text": "An onion", "votes": 1}},
        {"model": "polls.choice", "pk": 6, "fields": {"question": 3, "choice_text": "Shallots", "votes": 2}},
        {"model": "polls.choice", "pk": 7, "fields": {"question": 3, "choice_text": "Onions", "votes": 2}},
        {"model": "polls.choice", "pk": 8, "fields": {"question": 3, "choice_text": "Both, in a tarte tatin", "votes": 1}}
        ]

        """
}
