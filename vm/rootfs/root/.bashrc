# ~/.bashrc of the sandbox's root shell
[ -z "$PS1" ] && return
HISTFILE=/root/.bash_history
HISTSIZE=5000
HISTFILESIZE=10000
HISTTIMEFORMAT='%F %T '
shopt -s histappend checkwinsize
# After every command: its exit status as an invisible terminal mark (OSC 133;D;<status>, "command finished", as
# terminals' shell integration reads it; the lesson walks in the tests check it), and history -a (the lesson reads
# read-only commands from the history). $? stays the command's for the learner.
PROMPT_COMMAND='printf "\033]133;D;%s\007" "$?"; history -a'
PS1='\[\e[1;32m\]\u@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '
alias ls='ls --color=auto'
alias ll='ls -l'
alias grep='grep --color=auto'
[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
