"""Screens: the line-mode loops, and the full-screen modes as pages of one Textual shell.

The line-mode loops (`play`, `journal`, and `teams` for a scripted team quiz) are given a
console and a line reader. The full-screen modes are pages of the shell (`shell`): present mode
(`present`), the discussion timer (`timer`), `quiz --present` (`quizpage`), the team quiz
(`teampage`), `place run` (`plan`) and `place room`'s host screen (`roomhost`, which
also reads the room's state, `placecli.room`); each is given the pack's data, a clock and
callbacks for what the command must do, and returns a result. None of them looks at the
process's streams or environment itself. They may import everything below them:
`placecli.terminal`, `placecli.views`, the engines, `placecli.packs` and the shared
modules; never `placecli.commands` or `placecli.cli`.
"""
