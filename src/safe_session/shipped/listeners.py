"""Built from checks/system-listeners.toml by `scripts/build-data`: edit that file, not this one.

A test checks that this module equals what the data file says.
"""

from safe_session.data.listener_types import SystemListener, SystemListeners

LISTENERS = SystemListeners(
    listeners=(
        SystemListener(process='corespeechd', system='macos', what='Siri listening for "Hey Siri"'),
        SystemListener(
            process='com.apple.siri.embeddedspeech',
            system='macos',
            what="Siri's on-device speech recognition",
        ),
        SystemListener(process='Siri', system='macos', what='Siri'),
        SystemListener(process='SiriNCService', system='macos', what='Siri'),
        SystemListener(process='assistantd', system='macos', what='Siri'),
        SystemListener(
            process='heard',
            system='macos',
            what='Sound Recognition (an accessibility feature)',
        ),
        SystemListener(process='DictationIM', system='macos', what='Dictation'),
        SystemListener(process='localspeechrecognition', system='macos', what='Dictation'),
    ),
)
