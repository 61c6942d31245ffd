"""The survey expression language: XLSForm's XPath, parsed and evaluated safely.

Survey authors write skip logic, checks and calculations as XPath 1.0 with
``${name}`` references (as in ODK, KoboToolbox and SurveyCTO). This package
reads them with its own parser (never ``eval``) and evaluates them against a
response's answers. ``core.expressions`` is the import point for the rest of
the app; the modules here are its parts.

What is covered: ``${name}`` (inside repeats too, see ``context``), ``.``,
comparisons, ``and``/``or``, ``+ - * div mod`` and unary minus, brackets,
string and number literals, and the functions in ``functions.FUNCTIONS``:
``if coalesce not true false boolean boolean-from-string selected count-selected
selected-at string string-length concat join contains starts-with ends-with substr
substring-before substring-after translate normalize-space regex number int round
floor ceiling abs pow sqrt exp log log10 pi min max position count count-non-empty
sum indexed-repeat once uuid today now date decimal-date-time format-date
format-date-time``.

Where this deviates from ODK/JavaRosa, on purpose:

* comparisons are numeric when both sides are numeric text, not only when a
  side is a number (``'10' > '9'`` is true), see ``operators``;
* ISO date text converts to days since 1970 whatever question it came from
  (JavaRosa does this only for date-typed questions);
* a question in a repeat read from outside it, outside ``count()``/``sum()``,
  is its first answer (XPath's rule) where ODK stops with an error; ``check``
  refuses such expressions when a form is imported;
* ``regex()`` takes Java's syntax minus backreferences, lookaround and
  possessive quantifiers, and matches in linear time (``safe_regex``);
* ``format-date`` writes month and weekday names in English;
* paths (``/data/q``, ``../q``), predicates, ``instance()``, ``current()``,
  ``jr:choice-name()``, ``pulldata()``, ``random()`` and other functions not
  listed above are refused when the form is imported.
"""
