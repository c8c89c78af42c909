"""The program's own words: found in Python and Jinja2 templates, shown in a language."""

from himoya.i18n.extract import ui_template
from himoya.templating import environment
from minicourse import write


def test_messages_are_found_in_python_and_in_templates(tmp_path):
    write(tmp_path / "page.py", 'def f(_):\n    return _("Your feedback"), N_("Later")\n')
    write(
        tmp_path / "templates" / "sheet.html.j2",
        "<h1>{% trans %}How to return your work{% endtrans %}</h1><p>{{ _('Thank you') }}</p>",
    )
    found = {message.id for message in ui_template(tmp_path) if message.id}
    assert found == {"Your feedback", "Later", "How to return your work", "Thank you"}


def test_a_template_renders_in_russian_with_the_course_catalog():
    template = environment("ru").from_string(
        "{% trans %}Language{% endtrans %}: {{ _('Search the course…') }}"
    )
    assert template.render() == "Язык: Поиск по курсу…"
    assert environment("en").from_string("{% trans %}Language{% endtrans %}").render() == "Language"
