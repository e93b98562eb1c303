<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>ApplicationOptions</name>
    <message>
        <source>Explore, sample and test populations of trained neural networks.</source>
        <translation>Populationen trainierter neuronaler Netze erkunden, daraus neue Modelle ziehen und testen.</translation>
    </message>
    <message>
        <source>Render the window once, save it as a PNG and exit.</source>
        <translation>Das Fenster einmal zeichnen, als PNG speichern und beenden.</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>User interface language (en, de). Default: the system locale.</source>
        <translation>Sprache der Oberfläche (en, de). Standard: die Systemsprache.</translation>
    </message>
    <message>
        <source>code</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <source>Window size, e.g. 1280x800.</source>
        <translation>Fenstergröße, z. B. 1280x800.</translation>
    </message>
    <message>
        <source>WxH</source>
        <translation>BxH</translation>
    </message>
    <message>
        <source>A model zoo file to open.</source>
        <translation>Eine zu öffnende Modellzoo-Datei.</translation>
    </message>
</context>
<context>
    <name>zooscope::MainWindow</name>
    <message>
        <source>ZooScope</source>
        <translation>ZooScope</translation>
    </message>
    <message>
        <source>&amp;Open Zoo...</source>
        <translation>Zoo ö&amp;ffnen...</translation>
    </message>
    <message>
        <source>Open a model zoo file (HDF5)</source>
        <translation>Eine Modellzoo-Datei (HDF5) öffnen</translation>
    </message>
    <message>
        <source>&amp;Export Figure...</source>
        <translation>Abbildung e&amp;xportieren...</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Save the 3D view as an image</source>
        <translation>Die 3D-Ansicht als Bild speichern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Reset Camera</source>
        <translation>Kamera &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;About ZooScope</source>
        <translation>Über &amp;ZooScope</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;i&gt;Not available yet: this panel arrives in a later version of ZooScope.&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;i&gt;Noch nicht verfügbar: dieses Fenster kommt mit einer späteren Version von ZooScope.&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Hyper-Representation</source>
        <translation>Hyper-Repräsentation</translation>
    </message>
    <message>
        <source>&lt;b&gt;Training&lt;/b&gt;&lt;p&gt;Configure and train the weight-space autoencoder in the background, with live loss and R² curves.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Training&lt;/b&gt;&lt;p&gt;Den Autoencoder über die Gewichte einstellen und im Hintergrund trainieren, mit laufenden Verlust- und R²-Kurven.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sample from selection&lt;/b&gt;&lt;p&gt;Draw new models from a brushed region of the latent space, test and fine-tune them, and compare them with the zoo.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Aus der Auswahl ziehen&lt;/b&gt;&lt;p&gt;Neue Modelle aus einer markierten Region des latenten Raums ziehen, testen, nachtrainieren und mit dem Zoo vergleichen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model analysis&lt;/b&gt;&lt;p&gt;Linear probes: what the hyper-representation knows about accuracy, epoch and hyperparameters, against weight baselines.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Modellanalyse&lt;/b&gt;&lt;p&gt;Lineare Sonden: was die Hyper-Repräsentation über Genauigkeit, Epoche und Hyperparameter weiß, im Vergleich mit Gewichts-Baselines.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>demo value</source>
        <translation>Demo-Wert</translation>
    </message>
    <message>
        <source>No zoo open: showing a synthetic demo point cloud.</source>
        <translation>Kein Zoo geöffnet: eine synthetische Demo-Punktwolke wird gezeigt.</translation>
    </message>
    <message>
        <source>Open Model Zoo</source>
        <translation>Modellzoo öffnen</translation>
    </message>
    <message>
        <source>Model zoos (*.h5 *.hdf5);;All files (*)</source>
        <translation>Modellzoos (*.h5 *.hdf5);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>The file %1 does not exist.</source>
        <translation>Die Datei %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>About ZooScope</source>
        <translation>Über ZooScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ZooScope %1&lt;/h3&gt;&lt;p&gt;Explore, sample and test populations of trained neural networks through their weights: an implementation of &lt;i&gt;Hyper-Representations as Generative Models&lt;/i&gt; (NeurIPS 2022).&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;VTK&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4 (%5 threads)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;HDF5&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
        <translation>&lt;h3&gt;ZooScope %1&lt;/h3&gt;&lt;p&gt;Populationen trainierter neuronaler Netze über ihre Gewichte erkunden, daraus neue Modelle ziehen und testen: eine Umsetzung von &lt;i&gt;Hyper-Representations as Generative Models&lt;/i&gt; (NeurIPS 2022).&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;VTK&lt;/td&gt;&lt;td&gt;%3&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4 (%5 Threads)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;HDF5&lt;/td&gt;&lt;td&gt;%6&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
    </message>
    <message>
        <source>Opening %1 was cancelled.</source>
        <translation>Das Öffnen von %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Could not open %1:
%2</source>
        <translation>%1 konnte nicht geöffnet werden:
%2</translation>
    </message>
    <message>
        <source>missing file</source>
        <translation>Datei fehlt</translation>
    </message>
    <message>
        <source>Another zoo is being opened; cancel it first.</source>
        <translation>Ein anderer Zoo wird gerade geöffnet; brechen Sie das zuerst ab.</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>Testgenauigkeit</translation>
    </message>
    <message>
        <source>%1 - ZooScope</source>
        <translation>%1 - ZooScope</translation>
    </message>
    <message>
        <source>%1: %2 models, %3 checkpoints each, %4 parameters. View: PCA of the weights (explained variance %5%, %6%, %7%).</source>
        <translation>%1: %2 Modelle, je %3 Checkpoints, %4 Parameter. Ansicht: PCA der Gewichte (erklärte Varianz %5 %, %6 %, %7 %).</translation>
    </message>
</context>
<context>
    <name>zooscope::ProgressIndicator</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>Den laufenden Auftrag abbrechen</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>noch etwa %1 min</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>noch etwa %1 s</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>zooscope::ZooTableModel</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Teilmenge</translation>
    </message>
    <message>
        <source>Test acc.</source>
        <translation>Test-Gen.</translation>
    </message>
    <message>
        <source>Val. acc.</source>
        <translation>Val.-Gen.</translation>
    </message>
    <message>
        <source>Train acc.</source>
        <translation>Train.-Gen.</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>Lücke</translation>
    </message>
    <message>
        <source>Test loss</source>
        <translation>Testverlust</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>Init.</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>LR</source>
        <translation>LR</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Weight Decay</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
</context>
<context>
    <name>zooscope::ZooTablePanel</name>
    <message>
        <source>Filter, e.g. relu or adam</source>
        <translation>Filter, z. B. relu oder adam</translation>
    </message>
    <message>
        <source>No zoo open.</source>
        <translation>Kein Zoo geöffnet.</translation>
    </message>
    <message>
        <source>%1 of %2 checkpoints</source>
        <translation>%1 von %2 Checkpoints</translation>
    </message>
    <message>
        <source>%1 checkpoints</source>
        <translation>%1 Checkpoints</translation>
    </message>
</context>
</TS>