"""Built from checks/catalog/*.toml by `scripts/build-data`: edit that file, not this one.

A test checks that this module equals what the data file says.
"""

from safe_session.data.catalog_types import AdviceSet, Catalog, CheckSpec

CATALOG = Catalog(
    checks=(
        CheckSpec(
            id='network.wifi',
            title='Wi-Fi is private and encrypted',
            why="On an open or public Wi-Fi network, other people connected to it, or the people who run it, may see which services you use and, on an open network, read what is not otherwise encrypted. A network with a password (WPA2 or WPA3) at home, a cable, or your phone's hotspot keeps your session between you and your therapist.",
            phase='before',
            probe='wifi',
            rule='network.wifi',
            severity='fail',
            advice={
                'open': AdviceSet(
                    all=[
                        "Switch to a network that asks for a password (WPA2 or WPA3), such as your home Wi-Fi, or use your phone's hotspot with a password.",
                    ],
                    linux=[
                        "Click the network icon in the top bar, choose another Wi-Fi network or plug in a network cable. To share your phone's connection, turn on its hotspot with a password and pick it here.",
                    ],
                    macos=[
                        "Click the Wi-Fi icon in the menu bar and choose a network with a lock symbol, or your iPhone's Personal Hotspot. System Settings > Wi-Fi > Details shows a network's security.",
                    ],
                    windows=[
                        "Click the network icon at the right of the taskbar and choose a network with a password, or your phone's mobile hotspot. Settings > Network & internet > Wi-Fi > your network's properties shows its security type.",
                    ],
                ),
                'wep': AdviceSet(
                    all=[
                        "Use another network or your phone's hotspot for the session. If this is your own router, change its security to WPA2 or WPA3 in its settings.",
                    ],
                    linux=[
                        'Click the network icon in the top bar and choose another network, or plug in a network cable.',
                    ],
                    macos=[
                        "Click the Wi-Fi icon in the menu bar and choose another network or your iPhone's Personal Hotspot.",
                    ],
                    windows=[
                        "Click the network icon at the right of the taskbar and choose another network or your phone's mobile hotspot.",
                    ],
                ),
                'open_vpn': AdviceSet(
                    all=[
                        "Keep your VPN on for the whole session; if it drops, stop and reconnect it. A network with a password, or your phone's hotspot, is safer still.",
                    ],
                    linux=[
                        'Check that your VPN shows as connected in the network menu before the session starts.',
                    ],
                    macos=[
                        'Check that your VPN shows as Connected in System Settings > VPN before the session starts.',
                    ],
                    windows=[
                        'Check that your VPN shows as Connected in Settings > Network & internet > VPN before the session starts.',
                    ],
                ),
                'owe': AdviceSet(
                    all=[
                        "Enhanced Open hides your traffic from passers-by, but anyone can join the network. Prefer your home Wi-Fi with a password or your phone's hotspot, or turn on the VPN you have.",
                    ],
                    linux=[
                        'Choose another network from the network icon in the top bar, or turn on your VPN there.',
                    ],
                    macos=[
                        'Choose another network from the Wi-Fi icon in the menu bar, or turn on your VPN in System Settings > VPN.',
                    ],
                    windows=[
                        'Choose another network from the network icon at the right of the taskbar, or turn on your VPN in Settings > Network & internet > VPN.',
                    ],
                ),
                'weak': AdviceSet(
                    all=[
                        "If this is your own router, set its security to WPA2 (AES) or WPA3 in its settings. Until then, use your phone's hotspot or turn on the VPN you have.",
                    ],
                    linux=[
                        "Your router's settings page is usually at the address printed on its label.",
                    ],
                    macos=["System Settings > Wi-Fi > Details shows the network's security type."],
                    windows=[
                        "Settings > Network & internet > Wi-Fi > your network's properties shows the security type.",
                    ],
                ),
                'captive_portal': AdviceSet(
                    all=[
                        "Networks with a sign-in page are shared with strangers. Use your phone's hotspot with a password, or turn on the VPN you have after signing in.",
                    ],
                    linux=[
                        "Pick your phone's hotspot from the network icon in the top bar, or turn on your VPN there.",
                    ],
                    macos=[
                        "Pick your iPhone's Personal Hotspot from the Wi-Fi icon in the menu bar, or turn on your VPN in System Settings > VPN.",
                    ],
                    windows=[
                        "Pick your phone's mobile hotspot from the network icon at the right of the taskbar, or turn on your VPN in Settings > Network & internet > VPN.",
                    ],
                ),
                'public_name': AdviceSet(
                    all=[
                        "If this is a public or shared network (a hotel, café, airport, office guest network), use your home Wi-Fi or your phone's hotspot with a password instead, or turn on the VPN you have.",
                        'If it is in fact your own private network, you can go ahead.',
                    ],
                    linux=['Switch networks from the network icon in the top bar.'],
                    macos=[
                        "Switch networks from the Wi-Fi icon in the menu bar; your iPhone's Personal Hotspot appears there too.",
                    ],
                    windows=[
                        "Switch networks from the network icon at the right of the taskbar; your phone's mobile hotspot appears there too.",
                    ],
                ),
                'permission': AdviceSet(
                    all=[
                        'You can also check by hand: look for a lock symbol or "WPA2"/"WPA3" next to the network\'s name.',
                    ],
                    linux=[
                        'To check by hand, open your network settings and look at the Security line of the connected Wi-Fi network.',
                    ],
                    macos=[
                        'macOS shows Wi-Fi names to apps only with Location Services: System Settings > Privacy & Security > Location Services, turn it on for Terminal (or the app you run safe-session in), then check again.',
                        "To check by hand: hold the Option key and click the Wi-Fi icon in the menu bar; the Security line shows the network's protection.",
                    ],
                    windows=[
                        'Windows 11 shares Wi-Fi details with apps only when Location is allowed: Settings > Privacy & security > Location, turn on "Location services" and "Let desktop apps access your location", then check again.',
                        "To check by hand: Settings > Network & internet > Wi-Fi > your network's properties shows the Security type.",
                    ],
                ),
                'missing_tool': AdviceSet(
                    all=[
                        "Check by hand: look at your network settings for the connected network's security; it should say WPA2 or WPA3.",
                    ],
                    linux=[
                        'Installing NetworkManager (the `nmcli` command) lets safe-session read the Wi-Fi security. Your network settings show the Security of the connected network too.',
                    ],
                    macos=[
                        "Hold the Option key and click the Wi-Fi icon in the menu bar; the Security line shows the network's protection.",
                    ],
                    windows=[
                        "Settings > Network & internet > Wi-Fi > your network's properties shows the Security type.",
                    ],
                ),
                'timeout': AdviceSet(
                    all=[
                        'The system was slow to answer; choose "check again" in a moment, or check by hand that your network\'s security says WPA2 or WPA3.',
                    ],
                ),
                'no_connection': AdviceSet(
                    all=[
                        "Connect to your home Wi-Fi or your phone's hotspot with a password, then check again.",
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'Check by hand that the network you use has a password (it should say WPA2 or WPA3), and avoid public Wi-Fi for the session.',
                    ],
                    linux=[
                        "Open your network settings; the connected Wi-Fi network's details show its Security.",
                    ],
                    macos=[
                        "Hold the Option key and click the Wi-Fi icon in the menu bar; the Security line shows the network's protection.",
                    ],
                    windows=[
                        "Settings > Network & internet > Wi-Fi > your network's properties shows the Security type.",
                    ],
                ),
                'default': AdviceSet(
                    all=[
                        "Use a network with a password (WPA2 or WPA3) or your phone's hotspot for the session.",
                    ],
                ),
            },
            timeout=12.0,
            evidence=(
                'connected',
                'interface',
                'ssid',
                'security',
                'public_hint',
                'captive_portal',
                'vpn_active',
                'source',
            ),
            area='your network',
        ),
        CheckSpec(
            id='apps.remote_access',
            title='No remote-access app is running',
            why='Remote-access apps (AnyDesk, TeamViewer, Chrome Remote Desktop, VNC and others) let someone on another computer see or control this one. If one is running, whoever can connect to it could watch your session.',
            phase='before',
            probe='apps.processes',
            rule='apps.remote_access',
            advice={
                'default': AdviceSet(
                    all=[
                        'If you are not using it right now, close it before the session (safe-session can ask it to close for you).',
                        'If you did not install it yourself, ask someone you trust to look at this computer after the session.',
                    ],
                    linux=[
                        "Some of these run as a background service: stop it with your system's service settings, or uninstall it if you do not need it.",
                    ],
                    macos=[
                        'Also check System Settings > General > Sharing and turn off Screen Sharing and Remote Management if you do not use them.',
                    ],
                    windows=[
                        'Also check the icons next to the clock: remote-access apps often keep running there. Right-click and choose Quit or Exit.',
                    ],
                ),
                'connected': AdviceSet(
                    all=[
                        'Someone is connected right now. If it is not someone you asked to help you, disconnect from the internet and close the app.',
                        'Join the session from another device if you can, and change your important passwords from that device.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'Look for remote-access apps (AnyDesk, TeamViewer and similar) next to the clock or in your list of open apps, and close them.',
                    ],
                ),
            },
            action='close_app',
            evidence=('matches',),
            area='the apps that are open',
        ),
        CheckSpec(
            id='apps.screen_capture',
            title='No screen recorder or streaming app is running',
            why='Screen recorders and streaming apps (OBS, Bandicam, Loom and others) can record or broadcast everything on your screen and the sound of the call. Closing them keeps the session between you and your therapist.',
            phase='before',
            probe='apps.processes',
            rule='apps.screen_capture',
            advice={
                'default': AdviceSet(
                    all=[
                        'Close the recording or streaming app before the session (safe-session can ask it to close for you).',
                    ],
                    macos=['Also check the menu bar for a recording icon and stop it.'],
                    windows=[
                        'Also switch off Xbox Game Bar or NVIDIA recording if you use them: Settings > Gaming > Captures.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'Check that no screen recorder or streaming app is open before the session.',
                    ],
                ),
            },
            action='close_app',
            evidence=('matches',),
            area='the apps that are open',
        ),
        CheckSpec(
            id='apps.monitoring',
            title='No monitoring software is running',
            why='Monitoring software (sold for workplaces or parents, and sometimes installed by a partner without asking) can record the screen, keystrokes and sounds of a computer. If someone may be watching this computer, it is better to know before you talk about private things.',
            phase='before',
            probe='apps.processes',
            rule='apps.monitoring',
            severity='fail',
            advice={
                'default': AdviceSet(
                    all=[
                        'There is no need to act right now. If you did not install this and do not know why it is here, assume someone may be able to see what you do on this computer.',
                        "For this session, consider joining from a device the other person cannot access: a phone only you use, a friend's device, or a library computer.",
                        'Removing monitoring software can be noticed by whoever installed it. If that could make you less safe, talk to someone first: a domestic-abuse helpline can help you plan (US: 1-800-799-7233; UK: 0808 2000 247; elsewhere, search for a local helpline from a safe device).',
                        'If this is a work computer, your employer may monitor it: a personal device is better for therapy.',
                        'You can tell your therapist; they can help you find a safe way to meet.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'If you think someone may be watching this computer, join the session from a device they cannot access.',
                    ],
                ),
            },
            evidence=('matches',),
            area='the apps that are open',
        ),
        CheckSpec(
            id='apps.notifications',
            title='Chat and mail pop-ups are closed or muted',
            why="Chat and mail apps show pop-ups with a sender's name and the start of a message. During a session, especially while you share your screen, they can show private text or distract you.",
            phase='before',
            probe='apps.notifications',
            rule='apps.notifications',
            advice={
                'default': AdviceSet(
                    all=[
                        'Close the chat and mail apps you do not need, or turn on Do Not Disturb for the session.',
                    ],
                    linux=[
                        'GNOME: open the clock menu at the top and switch on Do Not Disturb. KDE: open Notifications next to the clock and choose Do not disturb.',
                    ],
                    macos=['Open Control Center (top right) > Focus > Do Not Disturb.'],
                    windows=[
                        'Windows 11: Settings > System > Notifications > Do not disturb. Windows 10: Action Center > Focus assist > Alarms only.',
                    ],
                ),
                'dnd_unknown': AdviceSet(
                    all=[
                        'Turn on Do Not Disturb for the session, or close the chat and mail apps listed here.',
                    ],
                    linux=[
                        'GNOME: open the clock menu at the top and switch on Do Not Disturb. KDE: open Notifications next to the clock and choose Do not disturb.',
                    ],
                    macos=['Open Control Center (top right) > Focus > Do Not Disturb.'],
                    windows=[
                        'Windows 11: Settings > System > Notifications > Do not disturb. Windows 10: Action Center > Focus assist > Alarms only.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'Close chat and mail apps, or turn on Do Not Disturb, before the session.',
                    ],
                ),
            },
            action='close_app',
            evidence=('matches', 'do_not_disturb'),
            area='the apps that are open',
        ),
        CheckSpec(
            id='apps.browsers',
            title='Few browsers and tabs are open',
            why='Every open tab can play a sound, show a message, or end up on screen when you share it. Fewer open pages means fewer surprises and a faster call.',
            phase='before',
            probe='browsers.tabs',
            rule='apps.browsers',
            params={'max_browsers': 2, 'max_tabs': 10},
            advice={
                'default': AdviceSet(
                    all=[
                        'Close the tabs and browser windows you do not need for the session.',
                        'If you want to keep them for later, bookmark them first, or use a private window just for the session.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=['Close the browser tabs and windows you do not need for the session.'],
                ),
            },
            evidence=('browsers',),
            area='the apps that are open',
        ),
        CheckSpec(
            id='devices.mic_camera_in_use',
            title='No other app is using the microphone or camera',
            why='An app that is using your microphone or camera now could be recording you. Only the app you use for the session should have them.',
            phase='before',
            probe='devices',
            rule='devices.mic_camera_in_use',
            advice={
                'default': AdviceSet(
                    all=[
                        'Close the apps listed here unless you know why they need the microphone or camera, then check again.',
                    ],
                    linux=[
                        'Your sound settings (or `pavucontrol`, Recording tab) show which apps are recording.',
                    ],
                    windows=[
                        'Settings > Privacy & security > Microphone (and Camera) shows which apps are using them now.',
                    ],
                ),
                'macos': AdviceSet(
                    all=[
                        'Look at the top right of the screen: an orange dot means an app is using the microphone, a green dot the camera. Open Control Center to see which app.',
                    ],
                ),
                'sources_missing': AdviceSet(
                    all=[
                        'Close apps you do not need, especially ones that could use the microphone or camera, then check again.',
                    ],
                    linux=[
                        'Your sound settings (or `pavucontrol`, Recording tab) show which apps are recording. `pactl`, which safe-session asks, comes in the `pulseaudio-utils` package.',
                    ],
                    windows=[
                        'Settings > Privacy & security > Microphone (and Camera) shows which apps are using them now.',
                    ],
                ),
                'remote_sound_server': AdviceSet(
                    all=[
                        "Sound on this computer is set to travel to a sound server elsewhere, so your session's sound may too. If you did not set this up, ask whoever looks after this computer about it before the session.",
                    ],
                    linux=[
                        'Your sound settings (or `pavucontrol`, Recording tab) show which apps are recording.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'Close apps you do not need, especially ones that could use the microphone or camera.',
                    ],
                    macos=[
                        'Look at the top right of the screen: an orange dot means an app is using the microphone, a green dot the camera.',
                    ],
                    windows=[
                        'Settings > Privacy & security > Microphone (and Camera) shows which apps are using them now.',
                    ],
                ),
            },
            timeout=6.0,
            evidence=('users',),
            area='your microphone and camera',
        ),
        CheckSpec(
            id='browsers.sync',
            title='No browser copies your history or tabs to an account',
            why='A browser signed in to an account with sync on copies the pages you open, and your open tabs, to every other computer and phone signed in to that account. If someone else set up this browser, or shares the account, they could see that you visited your therapy portal.',
            phase='before',
            probe='browsers.sync',
            rule='browsers.sync',
            advice={
                'default': AdviceSet(
                    all=[
                        'For the session, use a browser profile without sync, or a private window: it keeps no history and syncs nothing.',
                    ],
                    linux=[
                        'A private window: Ctrl+Shift+P in Firefox, Ctrl+Shift+N in Chrome, Chromium, Edge and Brave.',
                    ],
                    macos=[
                        'A private window: Cmd+Shift+P in Firefox, Cmd+Shift+N in Chrome, Edge, Brave and Safari.',
                    ],
                    windows=[
                        'A private window: Ctrl+Shift+P in Firefox, Ctrl+Shift+N in Chrome, Edge and Brave.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        "If this browser is signed in to someone else's account, join the session in a private window.",
                    ],
                ),
            },
            evidence=('profiles',),
            area='your browsers',
        ),
        CheckSpec(
            id='browsers.saved_logins',
            title='No browser keeps a saved login for your portal',
            why="A browser that remembers your portal's password signs anyone who opens it straight into your messages and notes. On a computer others use, it is safer not to keep it there.",
            phase='before',
            probe='browsers.saved_logins',
            rule='browsers.saved_logins',
            advice={
                'default': AdviceSet(
                    all=[
                        "If others use this computer, remove the saved login for your portal from the browser's passwords, and let a password manager of your own remember it instead.",
                        'Firefox: Settings > Privacy & Security > Saved passwords. Chrome, Edge and Brave: Settings > Passwords (or Autofill > Password Manager).',
                    ],
                    macos=[
                        'Safari keeps passwords in System Settings > Passwords; look there too.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        "Look in your browser's saved passwords for your portal's address, and remove it if others use this computer.",
                    ],
                ),
            },
            evidence=('profiles',),
            area='your browsers',
            needs='domains',
        ),
        CheckSpec(
            id='browsers.extensions',
            title='No extension can read every page you open',
            why="An extension with access to every site, your history, your tabs or the clipboard can see the portal's pages and what you type there. Most are harmless, but one you did not install yourself could be there to watch.",
            phase='before',
            probe='browsers.extensions',
            rule='browsers.extensions',
            advice={
                'default': AdviceSet(
                    all=[
                        'If you do not know an extension listed here, switch it off before the session, or join in a private window (most extensions do not run there).',
                        'Firefox: menu > Add-ons and themes. Chrome, Edge and Brave: menu > Extensions > Manage extensions.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        "Look at your browser's list of extensions and switch off any you do not know before the session.",
                    ],
                ),
            },
            evidence=('extensions',),
            area='your browsers',
        ),
        CheckSpec(
            id='audio.headphones',
            title='Sound goes to headphones',
            why='With headphones or a headset, only you hear your therapist. Through speakers, anyone in the room or behind a thin wall can follow what is said to you.',
            phase='before',
            probe='audio.output',
            rule='audio.headphones',
            advice={
                'speakers': AdviceSet(
                    all=['Plug in headphones or a headset, or connect your Bluetooth earbuds.'],
                    linux=[
                        'Then choose them as the output in your sound settings (Settings > Sound > Output).',
                    ],
                    macos=['Then choose them in System Settings > Sound > Output.'],
                    windows=[
                        'Then choose them from the speaker icon on the taskbar (Select a sound output).',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'If you already hear sound through headphones, all is well. If not, plug some in: wired, USB or Bluetooth.',
                    ],
                    linux=['Make sure they are chosen as the output in Settings > Sound > Output.'],
                    macos=['Make sure they are chosen in System Settings > Sound > Output.'],
                    windows=[
                        'Make sure they are chosen from the speaker icon on the taskbar (Select a sound output).',
                    ],
                ),
                'no_output': AdviceSet(
                    all=['Connect headphones or a headset and check again.'],
                    linux=['If they are connected, look in Settings > Sound > Output.'],
                    macos=['If they are connected, look in System Settings > Sound > Output.'],
                    windows=['If they are connected, look in Settings > System > Sound > Output.'],
                ),
                'remote_sound_server': AdviceSet(
                    all=[
                        "Sound on this computer is set to travel to a sound server elsewhere, so your session's sound may too. If you did not set this up, ask whoever looks after this computer about it before the session.",
                    ],
                    linux=[
                        'The setting is named in the summary above: `PULSE_SERVER`, or `default-server` in a PulseAudio client.conf. Without it, sound stays on this computer.',
                    ],
                ),
                'not_heard': AdviceSet(
                    all=[
                        'Check that your headphones are plugged in all the way (or connected over Bluetooth) and switched on, and that the volume is up.',
                    ],
                    linux=[
                        'The sound may be going to the speakers: choose your headphones or headset as the output in Settings > Sound > Output (or in pavucontrol, Output Devices), then play the sound again.',
                    ],
                    macos=[
                        'The sound may be going to the speakers: choose your headphones or headset in System Settings > Sound > Output, then play the sound again.',
                    ],
                    windows=[
                        'The sound may be going to the speakers: choose your headphones or headset from the speaker icon on the taskbar (Select a sound output) or in Settings > System > Sound > Output, then play the sound again.',
                    ],
                ),
                'default': AdviceSet(
                    all=['Use headphones or a headset for the session, so only you can hear it.'],
                ),
            },
            timeout=10.0,
            evidence=('default_output', 'source'),
            area='your headphones',
        ),
        CheckSpec(
            id='audio.ambient_noise',
            title='The room is quiet and nobody is talking nearby',
            why='Voices nearby mean someone may be close enough to hear you. A noisy room makes you speak louder, which carries further. safe-session listens for a few seconds to check; the sound stays in memory and is dropped as soon as it is measured. Nothing is recorded.',
            phase='before',
            probe='audio.ambient',
            rule='audio.ambient_noise',
            params={'quiet_dbfs': -50.0, 'noisy_dbfs': -30.0, 'silent_dbfs': -80.0},
            advice={
                'silent_mic': AdviceSet(
                    all=[
                        'Unmute the microphone: look for a mute switch or button on your headset, its cable or your keyboard.',
                        'If you use a headset, check that it is plugged in all the way (or connected over Bluetooth).',
                    ],
                    linux=[
                        'Choose the microphone you speak into, and turn it up, in your sound settings (Settings > Sound > Input) or in pavucontrol (Input Devices). Then check again.',
                    ],
                    macos=[
                        'Choose the microphone you speak into in System Settings > Sound > Input, and turn its input volume up. Then check again.',
                        'If that is already right, open System Settings > Privacy & Security > Microphone and turn it on for your terminal app (Terminal or iTerm).',
                    ],
                    windows=[
                        'Choose the microphone you speak into in Settings > System > Sound > Input, and turn its volume up. Then check again.',
                        'If that is already right, open Settings > Privacy & security > Microphone and turn on "Let desktop apps access your microphone".',
                    ],
                ),
                'not_heard': AdviceSet(
                    all=[
                        'Say a few words at your normal voice, facing the microphone, and test again.',
                        'If the level barely moved while you spoke, the microphone you speak into may not be the one chosen.',
                    ],
                    linux=[
                        'Choose it in your sound settings (Settings > Sound > Input) or in pavucontrol (Input Devices).',
                    ],
                    macos=['Choose it in System Settings > Sound > Input.'],
                    windows=['Choose it in Settings > System > Sound > Input.'],
                ),
                'quiet_mic': AdviceSet(
                    all=[
                        "Turn the microphone's input volume up, or bring it closer to your mouth.",
                    ],
                    linux=[
                        'The input volume is in your sound settings (Settings > Sound > Input) or in pavucontrol (Input Devices); check that the right microphone is chosen there too.',
                    ],
                    macos=[
                        'The input volume is in System Settings > Sound > Input; check that the right microphone is chosen there too.',
                    ],
                    windows=[
                        'The input volume is in Settings > System > Sound > Input; check that the right microphone is chosen there too.',
                    ],
                ),
                'speech': AdviceSet(
                    all=[
                        'If someone nearby could hear you, move somewhere more private or ask them for some privacy.',
                        'A fan, or music playing outside the door, helps to cover your voice.',
                        'If it was you (or a TV), check again in a quiet moment.',
                    ],
                ),
                'noisy': AdviceSet(
                    all=[
                        'Find a quieter spot, or close the door and windows.',
                        'A headset with a microphone lets your therapist hear you without you raising your voice.',
                    ],
                ),
                'permission': AdviceSet(
                    linux=[
                        'Check that the microphone is not muted in Settings > Sound > Input, then check again.',
                    ],
                    macos=[
                        'Open System Settings > Privacy & Security > Microphone, turn it on for your terminal app (Terminal or iTerm), then check again.',
                    ],
                    windows=[
                        'Open Settings > Privacy & security > Microphone, turn on "Let desktop apps access your microphone", then check again.',
                    ],
                ),
                'no_microphone': AdviceSet(
                    all=['Connect a microphone or a headset, then check again.'],
                    linux=['If one is connected, choose it in Settings > Sound > Input.'],
                    macos=['If one is connected, choose it in System Settings > Sound > Input.'],
                    windows=[
                        'If one is connected, choose it in Settings > System > Sound > Input.',
                    ],
                ),
                'device_busy': AdviceSet(
                    all=[
                        'Another app is using the microphone right now. Close it (or end its call) and check again.',
                    ],
                ),
                'no_portaudio': AdviceSet(
                    linux=[
                        'Install the PortAudio sound library (on Debian or Ubuntu: sudo apt install libportaudio2; on Fedora: sudo dnf install portaudio), then check again.',
                    ],
                    macos=[
                        'Reinstall safe-session: the sound library that comes with it is missing.',
                    ],
                    windows=[
                        'Reinstall safe-session: the sound library that comes with it is missing.',
                    ],
                ),
                'remote_sound_server': AdviceSet(
                    all=[
                        "Sound on this computer is set to travel to a sound server elsewhere, so your session's sound may too. If you did not set this up, ask whoever looks after this computer about it before the session.",
                    ],
                    linux=[
                        'The setting is named in the summary above: `PULSE_SERVER`, or `default-server` in a PulseAudio client.conf. Without it, sound stays on this computer.',
                    ],
                ),
                'default': AdviceSet(
                    all=[
                        'Listen for a moment yourself: if you can hear voices nearby, they may hear you.',
                    ],
                ),
            },
            timeout=8.0,
            audio=True,
            evidence=('rms_dbfs', 'peak_dbfs', 'speech_likely', 'seconds', 'device'),
            area="the room's sound",
        ),
        CheckSpec(
            id='audio.speaker_leak',
            title='Your speakers cannot be heard in the room',
            why='Only when asked for: plays a short, quiet tone on your sound output and listens for it. If the microphone hears it, a person nearby could hear your therapist too. This tests what device names can only guess at. The sound stays in memory and is dropped after measuring.',
            phase='before',
            probe='audio.speaker_leak',
            rule='audio.speaker_leak',
            params={'margin_db': 6.0, 'min_match_db': 20.0, 'silent_dbfs': -80.0},
            advice={
                'silent_mic': AdviceSet(
                    all=[
                        'The microphone heard nothing, so this test could not work. Unmute it (a switch on the headset, its cable or your keyboard), then run the test again.',
                    ],
                    linux=[
                        'Check that the microphone you speak into is chosen, and turned up, in Settings > Sound > Input or in pavucontrol (Input Devices).',
                    ],
                    macos=[
                        'Check that the microphone you speak into is chosen in System Settings > Sound > Input.',
                        'If it is, open System Settings > Privacy & Security > Microphone and turn it on for your terminal app (Terminal or iTerm).',
                    ],
                    windows=[
                        'Check that the microphone you speak into is chosen in Settings > System > Sound > Input.',
                        'If it is, open Settings > Privacy & security > Microphone and turn on "Let desktop apps access your microphone".',
                    ],
                ),
                'leak': AdviceSet(
                    all=[
                        'Use headphones or a headset for the session.',
                        'If you cannot, turn the volume down, sit close to the screen, and keep away from doors and thin walls.',
                    ],
                ),
                'permission': AdviceSet(
                    linux=[
                        'Check that the microphone is not muted in Settings > Sound > Input, then run the test again.',
                    ],
                    macos=[
                        'Open System Settings > Privacy & Security > Microphone, turn it on for your terminal app (Terminal or iTerm), then run the test again.',
                    ],
                    windows=[
                        'Open Settings > Privacy & security > Microphone, turn on "Let desktop apps access your microphone", then run the test again.',
                    ],
                ),
                'no_microphone': AdviceSet(
                    all=[
                        'This test needs a microphone. Connect one (or a headset) and run it again.',
                    ],
                ),
                'no_output': AdviceSet(
                    all=[
                        'No sound output was found, so there was nothing to test. Connect headphones or speakers and run it again.',
                    ],
                ),
                'device_busy': AdviceSet(
                    all=[
                        'Another app is using the microphone or speakers right now. Close it and run the test again.',
                    ],
                ),
                'no_portaudio': AdviceSet(
                    linux=[
                        'Install the PortAudio sound library (on Debian or Ubuntu: sudo apt install libportaudio2; on Fedora: sudo dnf install portaudio), then run the test again.',
                    ],
                    macos=[
                        'Reinstall safe-session: the sound library that comes with it is missing.',
                    ],
                    windows=[
                        'Reinstall safe-session: the sound library that comes with it is missing.',
                    ],
                ),
                'remote_sound_server': AdviceSet(
                    all=[
                        "Sound on this computer is set to travel to a sound server elsewhere, so your session's sound may too. If you did not set this up, ask whoever looks after this computer about it before the session.",
                    ],
                    linux=[
                        'The setting is named in the summary above: `PULSE_SERVER`, or `default-server` in a PulseAudio client.conf. Without it, sound stays on this computer.',
                    ],
                ),
                'default': AdviceSet(
                    all=['To be safe, use headphones or a headset for the session.'],
                ),
            },
            timeout=12.0,
            audio=True,
            opt_in='acoustic_test',
            evidence=('tone_dbfs_heard', 'leak'),
            area='whether your speakers carry into the room',
        ),
        CheckSpec(
            id='system.other_sessions',
            title='No one else is logged in',
            why='If another person is logged in to this computer, locally or from somewhere else, they may be able to see what you do or what is on the screen. Sessions of your own account from another place count too: they could be someone who knows your password.',
            phase='before',
            probe='system.sessions',
            rule='system.other_sessions',
            advice={
                'default': AdviceSet(
                    all=[
                        'If you do not recognise a login listed here, change your password after the session.',
                    ],
                    linux=[
                        'Sign the other account out: they can log out themselves, or an administrator can end it with `loginctl terminate-session`.',
                    ],
                    macos=[
                        'Open Apple menu > Log Out for the other account, or turn off Fast User Switching in System Settings > Users & Groups.',
                    ],
                    windows=[
                        'Press Ctrl+Alt+Del, choose Task Manager > Users, and sign the other account out.',
                    ],
                ),
                'remote': AdviceSet(
                    all=[
                        'Someone is connected from another computer. If it is not you, disconnect from the internet until the session starts and ask someone you trust for help.',
                    ],
                    linux=[
                        'See who it is with the `who` command; an administrator can end it with `loginctl terminate-session`.',
                    ],
                    macos=['Turn off Remote Login in System Settings > General > Sharing.'],
                    windows=['Turn off Remote Desktop in Settings > System > Remote Desktop.'],
                ),
                'unknown': AdviceSet(
                    all=[
                        'If you share this computer, make sure everyone else has signed out before the session.',
                    ],
                ),
            },
            timeout=3.0,
            evidence=('sessions',),
            area='who else is logged in',
        ),
        CheckSpec(
            id='system.remote_login',
            title="This computer's own remote access is off",
            why='Computers come with their own ways to be reached from elsewhere: Remote Desktop, Screen Sharing, remote login over SSH. Switched on, they let someone with the password see or control this computer, and no extra app shows it.',
            phase='before',
            probe='system.remote_login',
            rule='system.remote_login',
            advice={
                'default': AdviceSet(
                    all=['If you do not use it yourself, switch it off before the session.'],
                    linux=[
                        'GNOME: Settings > System > Remote Desktop (or Settings > Sharing). An SSH server: `sudo systemctl disable --now ssh` (the service is `sshd` on Fedora and Arch).',
                    ],
                    macos=[
                        'System Settings > General > Sharing: switch off Screen Sharing, Remote Management and Remote Login.',
                    ],
                    windows=['Settings > System > Remote Desktop: switch Remote Desktop off.'],
                ),
                'connected': AdviceSet(
                    all=[
                        'Someone is connected to this computer right now. If you did not ask anyone to help you, disconnect from the internet, then switch remote access off.',
                        'Join the session from another device if you can.',
                    ],
                    linux=['See who it is with the `who` command.'],
                    macos=[
                        'System Settings > General > Sharing: switch off Screen Sharing, Remote Management and Remote Login.',
                    ],
                    windows=['Settings > System > Remote Desktop: switch Remote Desktop off.'],
                ),
                'unknown': AdviceSet(
                    all=[
                        "Check your system's sharing or remote desktop settings, and switch off anything you do not use.",
                    ],
                    macos=[
                        'System Settings > General > Sharing: Screen Sharing, Remote Management and Remote Login should be off.',
                    ],
                    windows=['Settings > System > Remote Desktop should be off.'],
                ),
            },
            timeout=6.0,
            evidence=('services',),
            area="this computer's settings",
        ),
        CheckSpec(
            id='system.power',
            title='On mains power, or enough battery',
            why='A laptop that runs out of battery ends the call mid-sentence, and low power can make video and sound stutter. Plugging in first keeps the session calm.',
            phase='before',
            probe='system.power',
            rule='system.power',
            params={'low_percent': 30},
            advice={
                'default': AdviceSet(all=['Plug in your charger before the session.']),
                'unknown': AdviceSet(
                    all=['If this is a laptop, plug in your charger before the session.'],
                ),
            },
            timeout=3.0,
            evidence=('percent', 'plugged'),
            area="this computer's settings",
        ),
        CheckSpec(
            id='system.pending_restart',
            title='No update is waiting to restart the computer',
            why='An update waiting for a restart can ask for one, or restart the computer by itself, in the middle of the session. Restarting now, before you start, keeps it from interrupting you.',
            phase='before',
            probe='system.pending_restart',
            rule='system.pending_restart',
            advice={
                'default': AdviceSet(
                    all=[
                        'Restart the computer now, before the session, and run safe-session again afterwards.',
                    ],
                    macos=[
                        'Apple menu > System Settings > General > Software Update: install and restart now, before the session.',
                    ],
                    windows=[
                        'Start > Power > Update and restart (or Restart). To keep Windows from restarting during the session: Settings > Windows Update > Pause updates.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'If your computer asked to restart for an update, do it now, before the session.',
                    ],
                    macos=[
                        'Look in System Settings > General > Software Update: if it says Restart, restart now, before the session.',
                    ],
                ),
            },
            timeout=8.0,
            evidence=('reasons',),
            area="this computer's settings",
        ),
        CheckSpec(
            id='room.private',
            title='You are in a private room',
            why='What you say in a session is private. A room of your own, away from others, keeps it so.',
            phase='before',
            kind='confirm',
            question='Are you in a room where no one else can see your screen?',
            advice={
                'default': AdviceSet(
                    all=[
                        'If home is not private, a parked car or a booked room at a library can work well.',
                    ],
                ),
            },
        ),
        CheckSpec(
            id='room.door_closed',
            title='The door is closed',
            why='A closed door keeps your voice in and stops someone walking in mid-session.',
            phase='before',
            kind='confirm',
            question='Is the door closed?',
        ),
        CheckSpec(
            id='room.earshot',
            title='Nobody is within earshot',
            why='Walls and doors carry voices. If someone is nearby, they may hear your side of the talk.',
            phase='before',
            kind='confirm',
            question='Is everyone else out of earshot, or listening to something of their own?',
            advice={
                'default': AdviceSet(
                    all=['A fan or music outside the door helps to cover your voice.'],
                ),
            },
        ),
        CheckSpec(
            id='room.phone_silenced',
            title='Your phone is silenced',
            why='A ringing phone or a message preview can interrupt you or show private text.',
            phase='before',
            kind='confirm',
            question='Is your phone silenced, with message previews hidden?',
        ),
        CheckSpec(
            id='account.two_factor',
            title='Two-step sign-in is on for your therapy portal',
            why='Two-step sign-in (a code from your phone as well as your password) stops anyone who learns your password from reading your messages or notes on the therapy portal.',
            phase='before',
            kind='confirm',
            question='Have you turned on two-step sign-in for your therapy portal?',
            advice={
                'default': AdviceSet(
                    all=[
                        "Look in your portal's account or security settings for two-step or two-factor sign-in.",
                    ],
                ),
            },
        ),
        CheckSpec(
            id='room.voice_assistants',
            title='Smart speakers and voice assistants are off',
            why='Smart speakers and voice assistants (Alexa, Google, Siri) listen for their wake word all the time, and may record and send what they think was meant for them. They are best off, or out of the room, while you talk about private things.',
            phase='before',
            kind='confirm',
            question='Are smart speakers and voice assistants off, muted or out of the room?',
            advice={
                'default': AdviceSet(
                    all=[
                        'Press the microphone-off button on smart speakers, or unplug them, or take them out of the room.',
                    ],
                    macos=[
                        'Siri on this Mac: System Settings > Siri (or Apple Intelligence & Siri): switch off "Listen for".',
                    ],
                ),
            },
        ),
        CheckSpec(
            id='room.camera_view',
            title='Nothing private is in view of your camera',
            why='Your therapist sees what is behind you: photos, letters, a screen, or someone passing by. A plain wall or a closed door behind you keeps the picture about you.',
            phase='before',
            kind='confirm',
            question='Have you checked what your camera shows behind you, and that no one can walk into view?',
            advice={
                'default': AdviceSet(
                    all=[
                        "Open your camera's preview to look. A blurred background in the video app helps, but it can slip when you move.",
                    ],
                ),
            },
        ),
        CheckSpec(
            id='after.apps_open',
            title='Video-call and therapy apps are closed',
            why="A video-call or therapy app left running can keep the camera or microphone ready, show the call's messages, or rejoin a meeting. Closing it makes sure the session is really over.",
            phase='after',
            probe='apps.processes',
            rule='apps.still_open',
            advice={
                'default': AdviceSet(
                    all=[
                        'Close the apps listed here (safe-session can ask them to close for you).',
                    ],
                    macos=[
                        "Choose Quit from the app's menu (Command+Q): closing its window may leave it running.",
                    ],
                    windows=[
                        'Check the icons next to the clock too: some call apps keep running there after you close the window.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'Close your video-call and therapy apps, including any icons next to the clock.',
                    ],
                ),
            },
            action='close_app',
            evidence=('matches',),
            area='the apps still open',
        ),
        CheckSpec(
            id='after.browser_history',
            title='Your browser history does not show the therapy portal',
            why='Anyone who opens your browser later can see its history, and typing a few letters in the address bar suggests the sites you visited. A visit to a therapy portal tells them you are in therapy.',
            phase='after',
            probe='browsers.history',
            rule='after.browser_history',
            advice={
                'found': AdviceSet(
                    all=[
                        "Choose Forget to remove the portal's visits from that browser's history; other sites stay. The browser must be closed.",
                        "Or do it in the browser: in Chrome, Edge, Brave, Vivaldi or Opera open History, search for the portal's address, tick its entries and choose Delete. In Firefox open the History library, search for it, right-click an entry and choose Forget About This Site.",
                    ],
                    linux=['History opens with Ctrl+H (Firefox: Ctrl+Shift+H).'],
                    macos=[
                        'History opens with Command+Y (Firefox: Command+Shift+H; Safari: Command+Y, then History > Clear History).',
                    ],
                    windows=['History opens with Ctrl+H (Firefox: Ctrl+Shift+H).'],
                ),
                'browser_open': AdviceSet(
                    all=[
                        'Close the browser first (every window), then choose Forget: its history cannot be changed while it is open.',
                        "Or do it in the browser: in Chrome, Edge, Brave, Vivaldi or Opera open History, search for the portal's address, tick its entries and choose Delete. In Firefox open the History library, search for it, right-click an entry and choose Forget About This Site.",
                    ],
                    linux=['History opens with Ctrl+H (Firefox: Ctrl+Shift+H).'],
                    macos=['History opens with Command+Y (Firefox: Command+Shift+H).'],
                    windows=['History opens with Ctrl+H (Firefox: Ctrl+Shift+H).'],
                ),
                'no_domains': AdviceSet(
                    all=[
                        "Type your therapy portal's address (for example clientsecure.me) so it can be looked for, or run `safe-session after --domain ADDRESS`.",
                        'Or clear the last hours of history in your browser: Chrome, Edge, Brave, Vivaldi and Opera call it Delete browsing data; Firefox calls it Clear recent history.',
                    ],
                ),
                'unreadable': AdviceSet(
                    all=[
                        "Look in the browser's own history: search for the portal's address and delete its entries (Firefox: right-click, Forget About This Site).",
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        "Look in the browser's own history: search for the portal's address and delete its entries (Firefox: right-click, Forget About This Site).",
                    ],
                ),
            },
            timeout=20.0,
            action='forget_history',
            evidence=('entries',),
            area="your browsers' history",
        ),
        CheckSpec(
            id='after.portal_tabs',
            title='The therapy portal will not reopen in a browser',
            why='Browsers keep your open tabs, and the ones you closed recently, so they can bring them back. The next person to open the browser could get the therapy portal back on the screen, perhaps still signed in, or find it under Recently closed, even after its history is cleared.',
            phase='after',
            probe='browsers.portal_tabs',
            rule='after.portal_tabs',
            advice={
                'found': AdviceSet(
                    all=[
                        "Open that browser, close the portal's tabs, then quit the browser from its menu: it keeps what was open at the end to bring back next time.",
                        'In Chrome, Edge, Brave, Vivaldi or Opera: Settings > On startup > Open the New Tab page. Delete browsing data (Browsing history, last hour) also empties Recently closed.',
                        'In Firefox: Settings > General, turn off Open previous windows and tabs. Clear recent history (with Browsing history ticked) also empties Recently closed tabs and windows.',
                        'Next time, a private window (Incognito, InPrivate, Private Browsing) keeps none of this after you close it.',
                    ],
                    linux=[
                        'Quit Firefox with Ctrl+Q, and Chrome, Edge, Brave, Vivaldi or Opera with Ctrl+Shift+Q, so it saves its tabs as they are now.',
                    ],
                    macos=[
                        'Quit the browser with Command+Q: closing its last window leaves it running on a Mac.',
                    ],
                    windows=[
                        "Quit the browser from its menu (Exit), or close every window: check the taskbar's hidden icons, as Chrome and Edge can keep running in the background.",
                    ],
                ),
                'browser_open': AdviceSet(
                    all=[
                        "Close the portal's tabs in that browser now, then quit it from its menu: it keeps what is open at the end to bring back next time.",
                        'In Chrome, Edge, Brave, Vivaldi or Opera: Settings > On startup > Open the New Tab page. In Firefox: Settings > General, turn off Open previous windows and tabs.',
                        'Clear Recently closed too: Chrome and its relatives call it Delete browsing data; Firefox calls it Clear recent history.',
                        'Next time, a private window (Incognito, InPrivate, Private Browsing) keeps none of this after you close it.',
                    ],
                    linux=[
                        'Quit Firefox with Ctrl+Q, and Chrome, Edge, Brave, Vivaldi or Opera with Ctrl+Shift+Q.',
                    ],
                    macos=[
                        'Quit the browser with Command+Q: closing its last window leaves it running on a Mac.',
                    ],
                    windows=[
                        'Quit the browser from its menu (Exit); Chrome and Edge can keep running in the background after the last window closes.',
                    ],
                ),
                'no_domains': AdviceSet(
                    all=[
                        "Type your therapy portal's address (for example clientsecure.me) so it can be looked for, or run `safe-session after --domain ADDRESS`.",
                        "Or close the portal's tabs and quit the browser, and in its settings choose to start with a New Tab page (Firefox: turn off Open previous windows and tabs).",
                    ],
                ),
                'unreadable': AdviceSet(
                    all=[
                        "Open the browser and look at its tabs and its Recently closed list; close the portal's tabs, then quit the browser from its menu.",
                        'In Chrome, Edge, Brave, Vivaldi or Opera: Settings > On startup > Open the New Tab page. In Firefox: Settings > General, turn off Open previous windows and tabs.',
                    ],
                    windows=[
                        'Chrome and Edge keep their session file locked while they run: quit the browser and check again.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        "Open the browser and look at its tabs and its Recently closed list; close the portal's tabs, then quit the browser from its menu.",
                    ],
                ),
            },
            timeout=15.0,
            evidence=('entries', 'domains', 'profiles_checked', 'unreadable'),
            area="your browsers' open tabs",
        ),
        CheckSpec(
            id='after.downloads',
            title='No files from the session are left in Downloads',
            why='Files from a session (a worksheet, an invoice, notes from your therapist) stay in your Downloads folder, where anyone who uses this computer can open them, until you move them somewhere private or delete them.',
            phase='after',
            probe='files.downloads',
            rule='after.downloads',
            advice={
                'found': AdviceSet(
                    all=[
                        'Keep what you need somewhere private (an encrypted folder or your own account), then move the rest to the Trash with the button here; files older than the session are never touched.',
                        'Empty the Trash afterwards if others use this computer: until then the files can be restored from it.',
                    ],
                    macos=[
                        'The files go to the Bin in the Dock; Control-click it and choose Empty Bin when you are sure.',
                    ],
                    windows=[
                        'The files go to the Recycle Bin; right-click it and choose Empty Recycle Bin when you are sure.',
                    ],
                ),
                'permission': AdviceSet(
                    all=[
                        "Open your Downloads folder yourself and look for files from today's session.",
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        "Open your Downloads folder yourself and look for files from today's session.",
                    ],
                ),
            },
            timeout=10.0,
            action='trash_downloads',
            evidence=('files',),
            area='your Downloads folder',
        ),
        CheckSpec(
            id='after.recent_files',
            title='Recent files do not show what you opened',
            why='The file manager and the open dialogs of your apps list the files you opened recently. Someone else using this computer would see the names of files you opened during the session.',
            phase='after',
            probe='files.recent_files',
            rule='after.recent_files',
            advice={
                'found': AdviceSet(
                    all=[
                        'Choose Remove to take just these entries off the list; the files themselves stay where they are.',
                    ],
                    linux=[
                        "Or clear the whole list in your desktop's privacy settings (GNOME: Settings > Privacy > File History & Trash).",
                    ],
                    windows=[
                        'Or clear the whole list: in File Explorer choose ... > Options > Clear File Explorer history.',
                    ],
                ),
                'macos': AdviceSet(
                    all=[
                        'Clear the list yourself: Apple menu > Recent Items > Clear Menu.',
                        'In apps you used during the session, look for File > Open Recent > Clear Menu.',
                    ],
                ),
                'damaged': AdviceSet(
                    linux=[
                        "Clear the whole list in your desktop's privacy settings (GNOME: Settings > Privacy > File History & Trash).",
                    ],
                ),
                'permission': AdviceSet(
                    all=["Clear the recent-files list in your system's privacy settings."],
                ),
                'unknown': AdviceSet(
                    all=["Clear the recent-files list in your system's privacy settings."],
                ),
            },
            action='remove_recent',
            evidence=('entries',),
            area='your recent files',
        ),
        CheckSpec(
            id='after.clipboard',
            title='The clipboard is empty',
            why='Something you copied during the session (a link to the portal, a message, a code) stays on the clipboard, and whoever uses this computer next could paste it. It is not read or shown here.',
            phase='after',
            probe='system.clipboard',
            rule='after.clipboard',
            advice={
                'found': AdviceSet(
                    all=['Choose Empty to clear it, or copy a harmless word over it.'],
                    linux=[
                        'If you use a clipboard manager (GNOME extension, Klipper, CopyQ), clear its history too.',
                    ],
                    macos=[
                        'If you use a clipboard manager (Raycast, Alfred, Paste), clear its history too.',
                    ],
                    windows=[
                        'Clipboard history keeps older copies: open Settings > System > Clipboard and choose Clear.',
                    ],
                ),
                'missing_tool': AdviceSet(
                    all=[
                        'Copy a harmless word (select it and press Ctrl+C) to replace what the clipboard holds.',
                    ],
                    linux=[
                        'To let safe-session check and empty it, install `wl-clipboard` (Wayland) or `xclip` (X11).',
                    ],
                ),
                'no_display': AdviceSet(
                    all=[
                        'If you copied anything in a graphical session, copy a harmless word over it there.',
                    ],
                ),
                'unknown': AdviceSet(
                    all=[
                        'Copy a harmless word over what the clipboard holds (select it and copy).',
                    ],
                    macos=['Select a harmless word and press Command+C.'],
                    windows=[
                        'Select a harmless word and press Ctrl+C; then open Settings > System > Clipboard and choose Clear.',
                    ],
                ),
                'timeout': AdviceSet(
                    all=[
                        'Copy a harmless word over what the clipboard holds (select it and copy).',
                    ],
                ),
            },
            timeout=6.0,
            action='clear_clipboard',
            evidence=('non_empty',),
            area='the clipboard',
        ),
        CheckSpec(
            id='after.portal_logout',
            title='You have logged out of the therapy portal',
            why='Staying signed in lets anyone who uses this computer later open your messages and notes.',
            phase='after',
            kind='confirm',
            question='Have you logged out of {portal}?',
            advice={
                'default': AdviceSet(
                    all=[
                        'Use the Log out or Sign out button in {portal}, then close every browser window you used for it.',
                    ],
                ),
            },
        ),
        CheckSpec(
            id='after.lock_screen',
            title='The computer is locked or signed out if it is shared',
            why='If others use this computer, locking it or signing out keeps them out of what you just did.',
            phase='after',
            kind='confirm',
            question='If you share this computer, will you lock it or sign out now?',
            advice={
                'default': AdviceSet(
                    linux=["Lock the screen with Super+L (or your desktop's lock shortcut)."],
                    macos=['Lock the screen with Control+Command+Q.'],
                    windows=['Lock the screen with Windows key + L.'],
                ),
            },
        ),
    ),
)
