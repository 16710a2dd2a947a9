"""Domain operations: the editorial workflow, accounts, cases and the staff desk, staff-chat links, the inbox, the
lexicon and knowledge transfer. The console, its JSON API, the command line and the staff chats all call these;
each operation is one transaction (with its audit record) and raises bot.core.errors.DomainError when refused.
Above the core and storage, below the doors, the console and the wiring.
"""
