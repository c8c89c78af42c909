"""``himoya translations``: keep the language editions' catalogs in step with the English.

- :mod:`himoya.translations.update` extracts the English messages (the pages through Sphinx's
  gettext builder, the cases, forms and exercises from their data, the program's own words) and
  updates every ``locale/<lang>/LC_MESSAGES/*.po``.
- :mod:`himoya.translations.status` reports progress per language and module and checks the
  catalogs (compiling, markup, the editions' promises).

The catalogs themselves are read by :mod:`himoya.i18n` (the shared base every renderer uses);
this package is a tool for authors and translators, like the book build, and may read the
course's content.
"""
