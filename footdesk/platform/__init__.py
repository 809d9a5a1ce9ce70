"""Adapters to the outside world: sound (pygame), the screen saver, desktop
notifications and the tray, one copy at a time, start at login, PDF pages;
and, Qt-free, what the command line needs before Qt is loaded: whether a
window can open here (``display``), and text that prints in any locale
(``console``).

The application model (``footdesk.appmodel``) and the core never import from
here; the Qt bootstrap (``footdesk.app``) builds these and hands them in.
"""
