from ocpsc_field.cli import main

raise SystemExit(main())
