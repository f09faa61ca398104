#!/bin/bash
# A13: a session in a linked worktree (`.git` is a file, `gitdir: .../worktrees/NAME`): the
# shell writes a hook into the common git folder (hooks are shared), or points the `.git`
# file at another git folder.
. "$(dirname "$0")/lib.sh"
new_repo
MAIN=$R; W=$(tmp)/wt; git -C "$MAIN" worktree add -q "$W"; R=$W
ev SessionStart '"source":"startup"'
printf '#!/bin/sh\nid\n' > "$MAIN/.git/hooks/post-checkout"; chmod +x "$MAIN/.git/hooks/post-checkout"
post_bash "write the common hooks"; expect_blocked "PostToolUse, common dir's hook"
rm "$MAIN/.git/hooks/post-checkout"
HP=$(tmp); printf "#!/bin/sh\nid\n" > "$HP/pre-push"; git -C "$MAIN" config core.hooksPath "$HP"
stop; expect_blocked "Stop, common dir's config"
git -C "$MAIN" config --unset core.hooksPath
printf 'gitdir: %s\n' "$MAIN/.git" > "$W/.git"
stop; expect_blocked "Stop, .git file pointed at another git folder"
exit $FAIL
