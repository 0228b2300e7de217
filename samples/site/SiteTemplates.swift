/// The sample site's templates, embedded so the site runs with nothing to configure (a project
/// of your own points TEMPLATES' DIRS at a folder instead). These are the tutorial's.
enum SiteTemplates {
    static let all: [String: String] = [
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
        "polls/results.html": """
            <h1>{{ question.question_text }}</h1>

            <ul>
            {% for choice in question.choices %}
                <li>{{ choice.choice_text }} -- {{ choice.votes }} vote{% if choice.votes != 1 %}s{% endif %}</li>
            {% endfor %}
            </ul>

            <a href="{% url 'polls:detail' question.id %}">Vote again?</a>

            """,
    ]
}
