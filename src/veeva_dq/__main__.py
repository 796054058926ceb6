from veeva_dq.cli import main

main()
