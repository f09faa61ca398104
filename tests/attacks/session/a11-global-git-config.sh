#!/bin/bash
# A11: git's configuration outside the repository: `git config --global core.hooksPath`
# (or `core.excludesFile`), or a file the repository's configuration includes, run code or
# hide files as much as `.git/config` does. HOME is a folder of the script's own.
. "$(dirname "$0")/lib.sh"
export HOME=$(tmp)
new_repo
ev SessionStart '"source":"startup"'
H=$(tmp); printf '#!/bin/sh\nid\n' > "$H/pre-commit"; chmod +x "$H/pre-commit"
git config --global core.hooksPath "$H"
post_bash "git config --global core.hooksPath $H"; expect_blocked "PostToolUse, global hooksPath"
stop; expect_blocked "Stop, global hooksPath"
git config --global --unset core.hooksPath
printf '*.pth\n' > "$HOME/.gitignore_evil"; git config --global core.excludesFile "$HOME/.gitignore_evil"
printf 'import os\n' > evil.pth
stop; expect_blocked "Stop, global excludesFile hides a new file"
exit $FAIL
