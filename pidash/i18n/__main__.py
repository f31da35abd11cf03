import sys

from pidash.i18n.tools import main

raise SystemExit(main(sys.argv[1:]))
