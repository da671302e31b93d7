# ~/.bashrc of the sandbox's root shell
[ -z "$PS1" ] && return
HISTFILE=/root/.bash_history
HISTSIZE=5000
HISTFILESIZE=10000
HISTTIMEFORMAT='%F %T '
shopt -s histappend checkwinsize
# history -a after every command: the lesson reads read-only commands from it
PROMPT_COMMAND='history -a'
PS1='\[\e[1;32m\]\u@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '
alias ls='ls --color=auto'
alias ll='ls -l'
alias grep='grep --color=auto'
[ -f /usr/share/bash-completion/bash_completion ] && . /usr/share/bash-completion/bash_completion
