// polls/templates/polls/*.html: the tutorial's templates (part 3's index, part 4's detail with
// its vote form, and results), embedded so the sample runs with nothing to configure.

extension Polls {
    /// The polls templates by name, as the app directories loader would find them.
    static let templates: [String: String] = [
        "polls/index.html": """
            {% if latest_question_list %}
                <ul>
                {% for question in latest_question_list %}
                    <li><a href="{% url 'polls:detail' question.id %}">{{ question.question_text }}</a></li>
                {% endfor %}
                </ul>
            {% else %}
                <p>No polls are available.</p>
            {% endif %}

            """,
        // {% csrf_token %} renders nothing until the CSRF middleware exists (the context has no
        // csrf_token); the vote view is CSRF-exempt meanwhile (see Views.swift).
        "polls/detail.html": """
            <form action="{% url 'polls:vote' question.id %}" method="post">
            {% csrf_token %}
            <fieldset>
                <legend><h1>{{ question.question_text }}</h1></legend>
                {% if error_message %}<p><strong>{{ error_message }}</strong></p>{% endif %}
                {% for choice in question.choice_set.all %}
                    <input type="radio" name="choice" id="choice{{ forloop.counter }}" value="{{ choice.id }}">
                    <label for="choice{{ forloop.counter }}">{{ choice.choice_text }}</label><br>
                {% endfor %}
            </fieldset>
            <input type="submit" value="Vote">
            </form>

            """,
        "polls/results.html": """
            <h1>{{ question.question_text }}</h1>

            <ul>
            {% for choice in question.choice_set.all %}
                <li>{{ choice.choice_text }} -- {{ choice.votes }} vote{{ choice.votes|pluralize }}</li>
            {% endfor %}
            </ul>

            <a href="{% url 'polls:detail' question.id %}">Vote again?</a>

            """,
    ]
}
