import sys

from lcdash.cli import main

sys.exit(main())
