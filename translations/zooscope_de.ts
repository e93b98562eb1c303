<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AnalysisPanel</name>
    <message>
        <source>test accuracy</source>
        <translation>Testgenauigkeit</translation>
    </message>
    <message>
        <source>generalisation gap</source>
        <translation>Generalisierungslücke</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>learning rate (log10)</source>
        <translation>Lernrate (log10)</translation>
    </message>
    <message>
        <source>weight decay (log10)</source>
        <translation>Weight Decay (log10)</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>initialisation</source>
        <translation>Initialisierung</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <source>acc.</source>
        <translation>Gen.</translation>
    </message>
    <message>
        <source>gap</source>
        <translation>Lücke</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>LR</translation>
    </message>
    <message>
        <source>wd</source>
        <translation>WD</translation>
    </message>
    <message>
        <source>act.*</source>
        <translation>Akt.*</translation>
    </message>
    <message>
        <source>init*</source>
        <translation>Init.*</translation>
    </message>
    <message>
        <source>optim.*</source>
        <translation>Opt.*</translation>
    </message>
</context>
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
    <message>
        <source>Open a saved session (.zooscope): its zoo, projection, colours, camera and selections.</source>
        <translation>Eine gespeicherte Sitzung (.zooscope) öffnen: ihren Zoo, ihre Projektion, Farben, Kamera und Auswahlen.</translation>
    </message>
</context>
<context>
    <name>PointProperty</name>
    <message>
        <source>test accuracy</source>
        <translation>Testgenauigkeit</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>Validierungsgenauigkeit</translation>
    </message>
    <message>
        <source>train accuracy</source>
        <translation>Trainingsgenauigkeit</translation>
    </message>
    <message>
        <source>generalisation gap</source>
        <translation>Generalisierungslücke</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>Testverlust</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>model id</source>
        <translation>Modell-ID</translation>
    </message>
    <message>
        <source>population</source>
        <translation>Population</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>initialisation</source>
        <translation>Initialisierung</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>Optimierer</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>learning rate (log10)</source>
        <translation>Lernrate (log10)</translation>
    </message>
    <message>
        <source>weight decay (log10)</source>
        <translation>Weight Decay (log10)</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>predicted final accuracy</source>
        <translation>vorhergesagte Endgenauigkeit</translation>
    </message>
    <message>
        <source>%1 is not in the zoo: it comes from an analysis (run it first).</source>
        <translation>%1 steht nicht im Zoo: der Wert stammt aus einer Analyse (zuerst ausführen).</translation>
    </message>
</context>
<context>
    <name>zooscope::AnalysisPanel</name>
    <message>
        <source>Run Probes</source>
        <translation>Sonden ausführen</translation>
    </message>
    <message>
        <source>Fit linear probes on the train population, choose lambda on validation, score on test</source>
        <translation>Lineare Sonden auf der Trainingspopulation anpassen, Lambda auf der Validierungspopulation wählen, auf der Testpopulation bewerten</translation>
    </message>
    <message>
        <source>Linear probes: what the latents know about each model, against the raw weights W and their per-layer statistics s(W).</source>
        <translation>Lineare Sonden: was die latenten Vektoren über jedes Modell wissen, im Vergleich zu den rohen Gewichten W und ihren schichtweisen Statistiken s(W).</translation>
    </message>
    <message>
        <source>Property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <source>Latent</source>
        <translation>Latent</translation>
    </message>
    <message>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <source>s(W)</source>
        <translation>s(W)</translation>
    </message>
    <message>
        <source>Test-population R² for continuous properties, accuracy for categorical ones (marked *)</source>
        <translation>R² auf der Testpopulation für stetige Eigenschaften, Genauigkeit für kategoriale (mit * markiert)</translation>
    </message>
    <message>
        <source>test R² / accuracy</source>
        <translation>Test-R² / Genauigkeit</translation>
    </message>
    <message>
        <source>true</source>
        <translation>tatsächlich</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>vorhergesagt</translation>
    </message>
    <message>
        <source>latent</source>
        <translation>latent</translation>
    </message>
    <message>
        <source>Predicted vs true: %1</source>
        <translation>Vorhergesagt gegen tatsächlich: %1</translation>
    </message>
    <message>
        <source>s(W): R² %1</source>
        <translation>s(W): R² %1</translation>
    </message>
    <message>
        <source>latent: R² %1</source>
        <translation>latent: R² %1</translation>
    </message>
    <message>
        <source>true %1</source>
        <translation>tatsächlich %1</translation>
    </message>
    <message>
        <source>predicted %1</source>
        <translation>vorhergesagt %1</translation>
    </message>
    <message>
        <source>Probes</source>
        <translation>Sonden</translation>
    </message>
    <message>
        <source>Model Selection</source>
        <translation>Modellauswahl</translation>
    </message>
    <message>
        <source>Selected Checkpoints</source>
        <translation>Ausgewählte Checkpoints</translation>
    </message>
</context>
<context>
    <name>zooscope::ApplicationOptions</name>
    <message>
        <source>A hyper-representation to show the zoo&apos;s latents with (default: NAME.hr next to NAME.zoo.h5).</source>
        <translation>Eine Hyper-Repräsentation, mit der die latenten Vektoren des Zoos gezeigt werden (Standard: NAME.hr neben NAME.zoo.h5).</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Projection of the 3D view: pca, tsne or axes.</source>
        <translation>Projektion der 3D-Ansicht: pca, tsne oder axes.</translation>
    </message>
    <message>
        <source>method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Colour the points by a property, e.g. test_accuracy, epoch, activation, lr.</source>
        <translation>Die Punkte nach einer Eigenschaft färben, z. B. test_accuracy, epoch, activation, lr.</translation>
    </message>
    <message>
        <source>property</source>
        <translation>Eigenschaft</translation>
    </message>
    <message>
        <source>Size the points by a continuous property.</source>
        <translation>Die Punktgröße nach einer stetigen Eigenschaft bemessen.</translation>
    </message>
    <message>
        <source>Train a hyper-representation for N epochs once the zoo is shown.</source>
        <translation>Eine Hyper-Repräsentation N Epochen lang trainieren, sobald der Zoo angezeigt wird.</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Zoo epochs to train on, e.g. 5,10 (default: all).</source>
        <translation>Zoo-Epochen, auf denen trainiert wird, z. B. 5,10 (Standard: alle).</translation>
    </message>
    <message>
        <source>list</source>
        <translation>Liste</translation>
    </message>
    <message>
        <source>Raise a panel: models, projection, hyper-representation (or training), sampling, analysis (analysis also runs the probes), histograms.</source>
        <translation>Ein Fenster in den Vordergrund holen: models, projection, hyper-representation (oder training), sampling, analysis (analysis führt auch die Sonden aus), histograms.</translation>
    </message>
    <message>
        <source>Show the density of the points on screen: contours, shading or both.</source>
        <translation>Die Dichte der Punkte auf dem Bildschirm zeigen: contours (Konturen), shading (Schattierung) oder both (beides).</translation>
    </message>
    <message>
        <source>mode</source>
        <translation>Modus</translation>
    </message>
</context>
<context>
    <name>zooscope::BackgroundJob</name>
    <message>
        <source>unknown error in the worker</source>
        <translation>unbekannter Fehler im Hintergrundprozess</translation>
    </message>
</context>
<context>
    <name>zooscope::CameraToolBar</name>
    <message>
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Look down -Z at all points (R)</source>
        <translation>Entlang -Z auf alle Punkte blicken (R)</translation>
    </message>
    <message>
        <source>+X</source>
        <translation>+X</translation>
    </message>
    <message>
        <source>Look along +X</source>
        <translation>Entlang +X blicken</translation>
    </message>
    <message>
        <source>-X</source>
        <translation>-X</translation>
    </message>
    <message>
        <source>Look along -X</source>
        <translation>Entlang -X blicken</translation>
    </message>
    <message>
        <source>+Y</source>
        <translation>+Y</translation>
    </message>
    <message>
        <source>Look along +Y</source>
        <translation>Entlang +Y blicken</translation>
    </message>
    <message>
        <source>-Y</source>
        <translation>-Y</translation>
    </message>
    <message>
        <source>Look along -Y</source>
        <translation>Entlang -Y blicken</translation>
    </message>
    <message>
        <source>+Z</source>
        <translation>+Z</translation>
    </message>
    <message>
        <source>Look along +Z</source>
        <translation>Entlang +Z blicken</translation>
    </message>
    <message>
        <source>-Z</source>
        <translation>-Z</translation>
    </message>
    <message>
        <source>Look along -Z</source>
        <translation>Entlang -Z blicken</translation>
    </message>
    <message>
        <source>Iso</source>
        <translation>Iso</translation>
    </message>
    <message>
        <source>Isometric view</source>
        <translation>Isometrische Ansicht</translation>
    </message>
    <message>
        <source>Orthographic</source>
        <translation>Orthografisch</translation>
    </message>
    <message>
        <source>Parallel projection: no perspective, distances compare across depth</source>
        <translation>Parallelprojektion: keine Perspektive, Abstände bleiben über die Tiefe vergleichbar</translation>
    </message>
    <message>
        <source>Trajectories:</source>
        <translation>Trajektorien:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Selected models</source>
        <translation>Ausgewählte Modelle</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Alle Modelle</translation>
    </message>
    <message>
        <source>Join each model&apos;s checkpoints across epochs</source>
        <translation>Die Checkpoints jedes Modells über die Epochen hinweg verbinden</translation>
    </message>
</context>
<context>
    <name>zooscope::ExplorerSession</name>
    <message>
        <source>Open Model Zoo</source>
        <translation>Modellzoo öffnen</translation>
    </message>
    <message>
        <source>The file %1 does not exist.</source>
        <translation>Die Datei %1 existiert nicht.</translation>
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
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <source>Load Hyper-Representation</source>
        <translation>Hyper-Repräsentation laden</translation>
    </message>
    <message>
        <source>Open a model zoo first: a hyper-representation encodes a zoo&apos;s models.</source>
        <translation>Öffnen Sie zuerst einen Modellzoo: eine Hyper-Repräsentation kodiert die Modelle eines Zoos.</translation>
    </message>
    <message>
        <source>no zoo open</source>
        <translation>kein Zoo geöffnet</translation>
    </message>
    <message>
        <source>A hyper-representation is being trained: wait for it or cancel it before loading another.</source>
        <translation>Eine Hyper-Repräsentation wird gerade trainiert: warten Sie darauf oder brechen Sie das Training ab, bevor Sie eine andere laden.</translation>
    </message>
    <message>
        <source>training runs</source>
        <translation>Training läuft</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>Das Laden von %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>%1 was not loaded: %2</source>
        <translation>%1 wurde nicht geladen: %2</translation>
    </message>
    <message>
        <source>Could not use %1:
%2</source>
        <translation>%1 konnte nicht verwendet werden:
%2</translation>
    </message>
    <message>
        <source>Encoding the zoo with %1</source>
        <translation>Zoo wird mit %1 kodiert</translation>
    </message>
    <message>
        <source>Loaded %1; latents read from the zoo file.</source>
        <translation>%1 geladen; latente Vektoren aus der Zoo-Datei gelesen.</translation>
    </message>
    <message>
        <source>Loaded %1 and encoded %2 checkpoints.</source>
        <translation>%1 geladen und %2 Checkpoints kodiert.</translation>
    </message>
    <message>
        <source>Save Hyper-Representation</source>
        <translation>Hyper-Repräsentation speichern</translation>
    </message>
    <message>
        <source>There is no hyper-representation to save: train or load one first.</source>
        <translation>Es gibt keine Hyper-Repräsentation zum Speichern: trainieren oder laden Sie zuerst eine.</translation>
    </message>
    <message>
        <source>Could not save %1:
%2</source>
        <translation>%1 konnte nicht gespeichert werden:
%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>No zoo open.</source>
        <translation>Kein Zoo geöffnet.</translation>
    </message>
    <message>
        <source>Flat weights (%1 parameters): no hyper-representation loaded.</source>
        <translation>Flache Gewichte (%1 Parameter): keine Hyper-Repräsentation geladen.</translation>
    </message>
    <message>
        <source>Latents of the hyper-representation trained in this session (%1 dimensions).</source>
        <translation>Latente Vektoren der in dieser Sitzung trainierten Hyper-Repräsentation (%1 Dimensionen).</translation>
    </message>
    <message>
        <source>Latents of %1 (%2 dimensions).</source>
        <translation>Latente Vektoren von %1 (%2 Dimensionen).</translation>
    </message>
    <message>
        <source>untrained</source>
        <translation>untrainiert</translation>
    </message>
    <message>
        <source>%1 epochs, reconstruction R² validation %2</source>
        <translation>%1 Epochen, Rekonstruktions-R² Validierung %2</translation>
    </message>
    <message>
        <source>Trained in this session (not saved)</source>
        <translation>In dieser Sitzung trainiert (nicht gespeichert)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;latent %2, %3 blocks, d_model %4, %5 heads; %6</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;latent %2, %3 Blöcke, d_model %4, %5 Heads; %6</translation>
    </message>
    <message>
        <source>Train Hyper-Representation</source>
        <translation>Hyper-Repräsentation trainieren</translation>
    </message>
    <message>
        <source>Open a model zoo first.</source>
        <translation>Öffnen Sie zuerst einen Modellzoo.</translation>
    </message>
    <message>
        <source>These autoencoder sizes do not work:
%1</source>
        <translation>Diese Autoencoder-Größen funktionieren nicht:
%1</translation>
    </message>
    <message>
        <source>The zoo has no checkpoint at epoch %1. Its checkpoints: %2.</source>
        <translation>Der Zoo hat keinen Checkpoint in Epoche %1. Seine Checkpoints: %2.</translation>
    </message>
    <message>
        <source>Training failed:
%1</source>
        <translation>Das Training ist fehlgeschlagen:
%1</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>The linear probes failed:
%1</source>
        <translation>Die linearen Sonden sind fehlgeschlagen:
%1</translation>
    </message>
    <message>
        <source>Linear probes</source>
        <translation>Lineare Sonden</translation>
    </message>
    <message>
        <source>Projection</source>
        <translation>Projektion</translation>
    </message>
    <message>
        <source>The projection failed:
%1</source>
        <translation>Die Projektion ist fehlgeschlagen:
%1</translation>
    </message>
    <message>
        <source>The projection was cancelled.</source>
        <translation>Die Projektion wurde abgebrochen.</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>Projecting</source>
        <translation>Projektion</translation>
    </message>
    <message>
        <source>Sample from Selection</source>
        <translation>Aus der Auswahl ziehen</translation>
    </message>
    <message>
        <source>Sampling failed:
%1</source>
        <translation>Das Sampling ist fehlgeschlagen:
%1</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>There are no generated models to export.</source>
        <translation>Es gibt keine erzeugten Modelle zum Exportieren.</translation>
    </message>
    <message>
        <source>Export Generated Models</source>
        <translation>Erzeugte Modelle exportieren</translation>
    </message>
    <message>
        <source>Could not write %1:
%2</source>
        <translation>%1 konnte nicht geschrieben werden:
%2</translation>
    </message>
    <message>
        <source>Saved the generated models to %1</source>
        <translation>Die erzeugten Modelle wurden in %1 gespeichert</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>Open a model zoo first: a session records how one is shown.</source>
        <translation>Öffnen Sie zuerst einen Modell-Zoo: Eine Sitzung hält fest, wie einer gezeigt wird.</translation>
    </message>
    <message>
        <source>A zoo or session is being opened; wait for it before saving.</source>
        <translation>Ein Zoo oder eine Sitzung wird gerade geöffnet; warten Sie darauf, bevor Sie speichern.</translation>
    </message>
    <message>
        <source>Could not save the session %1:
%2</source>
        <translation>Die Sitzung %1 konnte nicht gespeichert werden:
%2</translation>
    </message>
    <message>
        <source>Saved the session %1</source>
        <translation>Sitzung %1 gespeichert</translation>
    </message>
    <message>
        <source>Another zoo or session is being opened; wait for it or cancel it first.</source>
        <translation>Ein anderer Zoo oder eine andere Sitzung wird gerade geöffnet; warten Sie darauf oder brechen Sie zuerst ab.</translation>
    </message>
    <message>
        <source>Opening the session was cancelled.</source>
        <translation>Das Öffnen der Sitzung wurde abgebrochen.</translation>
    </message>
    <message>
        <source>checking the session&apos;s files</source>
        <translation>prüfe die Dateien der Sitzung</translation>
    </message>
    <message numerus="yes">
        <source>%n saved point(s) are not in the zoo any more and were left out.</source>
        <translation>
            <numerusform>%n gespeicherter Punkt ist nicht mehr im Zoo und wurde ausgelassen.</numerusform>
            <numerusform>%n gespeicherte Punkte sind nicht mehr im Zoo und wurden ausgelassen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Opened the session %1</source>
        <translation>Sitzung %1 geöffnet</translation>
    </message>
    <message>
        <source>The behavioural term runs the models on the zoo&apos;s training images, and ZooScope has only Fashion-MNIST built in (this zoo&apos;s dataset: &apos;%1&apos;). Set the behaviour weight to 0, or train with zooscope-cli ae train --data DIR.</source>
        <translation>Der Verhaltensterm lässt die Modelle auf den Trainingsbildern des Zoos laufen, und ZooScope hat nur Fashion-MNIST eingebaut (Datensatz dieses Zoos: „%1“). Setzen Sie das Verhaltensgewicht auf 0 oder trainieren Sie mit zooscope-cli ae train --data DIR.</translation>
    </message>
    <message>
        <source>loading the dataset</source>
        <translation>Datensatz wird geladen</translation>
    </message>
    <message>
        <source>The predicted final accuracy no longer applies; the points are coloured by test accuracy.</source>
        <translation>Die vorhergesagte Endgenauigkeit gilt nicht mehr; die Punkte sind nach Testgenauigkeit gefärbt.</translation>
    </message>
    <message>
        <source>No final accuracy is predicted yet: run Predict Final Accuracy in the Analysis panel first.</source>
        <translation>Noch ist keine Endgenauigkeit vorhergesagt: zuerst „Endgenauigkeit vorhersagen“ im Analyse-Panel ausführen.</translation>
    </message>
    <message>
        <source>The last model selection has no predictions by %1 for every model.</source>
        <translation>Die letzte Modellauswahl hat nicht für jedes Modell Vorhersagen von %1.</translation>
    </message>
    <message>
        <source>predicted final accuracy (%1, from epoch %2)</source>
        <translation>vorhergesagte Endgenauigkeit (%1, ab Epoche %2)</translation>
    </message>
    <message>
        <source>Colour by Prediction</source>
        <translation>Nach Vorhersage färben</translation>
    </message>
    <message>
        <source>No final accuracy is predicted yet: run Predict Final Accuracy first.</source>
        <translation>Noch ist keine Endgenauigkeit vorhergesagt: zuerst „Endgenauigkeit vorhersagen“ ausführen.</translation>
    </message>
    <message>
        <source>The last model selection has no predictor %1.</source>
        <translation>Die letzte Modellauswahl hat keinen Prädiktor %1.</translation>
    </message>
    <message>
        <source> &amp;middot; true %1%</source>
        <translation> &amp;middot; wahr %1 %</translation>
    </message>
    <message>
        <source>The session colours by the prediction of %1, which needs its hyper-representation.</source>
        <translation>Die Sitzung färbt nach der Vorhersage von %1, die ihre Hyper-Repräsentation braucht.</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>Färben nach</translation>
    </message>
    <message>
        <source>Predicted final accuracy %1%</source>
        <translation>Vorhergesagte Endgenauigkeit %1 %</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;span style=&apos;color:#666&apos;&gt;(predicted by %1 from epoch %2)&lt;/span&gt;</source>
        <translation>&lt;br&gt;&lt;span style=&apos;color:#666&apos;&gt;(vorhergesagt von %1 ab Epoche %2)&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>zooscope::HyperRepresentationPanel</name>
    <message>
        <source>Autoencoder</source>
        <translation>Autoencoder</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>Blöcke</translation>
    </message>
    <message>
        <source>d_model</source>
        <translation>d_model</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>Heads</translation>
    </message>
    <message>
        <source>Feed-forward</source>
        <translation>Feed-Forward</translation>
    </message>
    <message>
        <source>Latent dim</source>
        <translation>Latente Dim.</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Transformer blocks in the encoder and again in the decoder</source>
        <translation>Transformer-Blöcke im Encoder und ebenso viele im Decoder</translation>
    </message>
    <message>
        <source>Attention heads; d_model must be a multiple</source>
        <translation>Attention-Heads; d_model muss ein Vielfaches davon sein</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Weight of the contrastive loss: gamma * NT-Xent + (1 - gamma) * reconstruction</source>
        <translation>Gewicht des kontrastiven Verlusts: gamma * NT-Xent + (1 - gamma) * Rekonstruktion</translation>
    </message>
    <message>
        <source>Layer-normalised</source>
        <translation>Schichtweise normiert</translation>
    </message>
    <message>
        <source>Plain MSE</source>
        <translation>Einfacher MSE</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>Zoo epochs whose checkpoints are trained on, e.g. 5,10; empty: all</source>
        <translation>Zoo-Epochen, auf deren Checkpoints trainiert wird, z. B. 5,10; leer: alle</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Hyper-representation in use</source>
        <translation>Verwendete Hyper-Repräsentation</translation>
    </message>
    <message>
        <source>None: the view shows the flat weights.</source>
        <translation>Keine: die Ansicht zeigt die flachen Gewichte.</translation>
    </message>
    <message>
        <source>Save...</source>
        <translation>Speichern...</translation>
    </message>
    <message>
        <source>Load...</source>
        <translation>Laden...</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a list of epochs: write e.g. 5,10, or leave it empty for all checkpoints.</source>
        <translation>„%1“ ist keine Liste von Epochen: schreiben Sie z. B. 5,10, oder lassen Sie das Feld für alle Checkpoints leer.</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>starting...</source>
        <translation>startet...</translation>
    </message>
    <message>
        <source>estimating...</source>
        <translation>wird geschätzt...</translation>
    </message>
    <message>
        <source>epoch %1/%2, step %3/%4</source>
        <translation>Epoche %1/%2, Schritt %3/%4</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>noch %1</translation>
    </message>
    <message>
        <source>Epoch %1: loss %2, reconstruction R² train %3, validation %4.</source>
        <translation>Epoche %1: Verlust %2, Rekonstruktions-R² Training %3, Validierung %4.</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Model-relative</source>
        <translation>Modell-relativ</translation>
    </message>
    <message>
        <source>Layer-wise loss normalisation (the paper&apos;s), plain MSE (the ablation), or each model&apos;s error relative to its own layer scale (best on zoos whose models differ in scale)</source>
        <translation>Schichtweise Verlustnormierung (wie im Paper), einfacher MSE (die Ablation) oder der Fehler jedes Modells relativ zur Skala seiner eigenen Schichten (am besten für Zoos, deren Modelle sich in der Skala unterscheiden)</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Weight of the behavioural term: decoded and original models run on the first training images and log(1 + their logits&apos; squared error relative to the originals&apos; spread) joins the reconstruction loss, (1 - gamma) * (reconstruction + weight * behaviour). 0: off</source>
        <translation>Gewicht des Verhaltensterms: dekodierte und ursprüngliche Modelle laufen auf den ersten Trainingsbildern, und log(1 + quadratischer Fehler ihrer Logits relativ zur Streuung der Originale) geht in den Rekonstruktionsverlust ein, (1 - gamma) * (Rekonstruktion + Gewicht * Verhalten). 0: aus</translation>
    </message>
    <message>
        <source>Training images the behavioural term runs the models on (its cost grows with them)</source>
        <translation>Trainingsbilder, auf denen der Verhaltensterm die Modelle laufen lässt (seine Kosten wachsen mit ihnen)</translation>
    </message>
    <message>
        <source>Behaviour weight</source>
        <translation>Verhaltensgewicht</translation>
    </message>
    <message>
        <source>Behaviour images</source>
        <translation>Verhaltensbilder</translation>
    </message>
    <message>
        <source>Epoch %1: loss %2 (behaviour %5), reconstruction R² train %3, validation %4.</source>
        <translation>Epoche %1: Verlust %2 (Verhalten %5), Rekonstruktions-R² Training %3, Validierung %4.</translation>
    </message>
    <message>
        <source>Behaviour from epoch</source>
        <translation>Verhalten ab Epoche</translation>
    </message>
    <message>
        <source>The first epoch with the behavioural term: before the decoder reproduces weights roughly, its models&apos; outputs are noise and the term drowns the reconstruction</source>
        <translation>Die erste Epoche mit dem Verhaltensterm: solange der Decoder die Gewichte nicht grob wiedergibt, sind die Ausgaben seiner Modelle Rauschen und der Term übertönt die Rekonstruktion</translation>
    </message>
</context>
<context>
    <name>zooscope::LatentScatterView</name>
    <message>
        <source>&lt;b&gt;Point %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Punkt %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1: %2</source>
        <translation>&lt;br&gt;%1: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Generated model %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;Erzeugtes Modell %1&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>zooscope::HyperRepresentationPanelBinding</name>
    <message>
        <source>Training on the train population of %1...</source>
        <translation>Training auf der Trainingspopulation von %1...</translation>
    </message>
    <message>
        <source>Trained %1 epochs in %2; the view shows the new latents.</source>
        <translation>%1 Epochen in %2 trainiert; die Ansicht zeigt die neuen latenten Vektoren.</translation>
    </message>
    <message>
        <source>Training finished for a zoo that is no longer open; its result was dropped.</source>
        <translation>Das Training für einen nicht mehr geöffneten Zoo ist beendet; sein Ergebnis wurde verworfen.</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>Das Training ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Training was cancelled; the view is unchanged.</source>
        <translation>Das Training wurde abgebrochen; die Ansicht ist unverändert.</translation>
    </message>
    <message>
        <source>Train Hyper-Representation</source>
        <translation>Hyper-Repräsentation trainieren</translation>
    </message>
</context>
<context>
    <name>zooscope::AnalysisPanelBinding</name>
    <message>
        <source>Fitting linear probes...</source>
        <translation>Lineare Sonden werden angepasst...</translation>
    </message>
    <message>
        <source>The analysis failed.</source>
        <translation>Die Analyse ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The analysis was cancelled.</source>
        <translation>Die Analyse wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Probes of the latents of %1 against W and s(W) on the test population (%2 s).</source>
        <translation>Sonden der latenten Vektoren von %1 im Vergleich zu W und s(W) auf der Testpopulation (%2 s).</translation>
    </message>
    <message>
        <source>the trained hyper-representation</source>
        <translation>der trainierten Hyper-Repräsentation</translation>
    </message>
    <message>
        <source>Baselines only (no hyper-representation): W and s(W) on the test population (%2 s).</source>
        <translation>Nur Baselines (keine Hyper-Repräsentation): W und s(W) auf der Testpopulation (%2 s).</translation>
    </message>
</context>
<context>
    <name>zooscope::SamplingPanelBinding</name>
    <message>
        <source>Sampling %1 models with %2...</source>
        <translation>%1 Modelle werden mit %2 gesampelt...</translation>
    </message>
    <message>
        <source>Sampling failed.</source>
        <translation>Das Sampling ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Sampling was cancelled.</source>
        <translation>Das Sampling wurde abgebrochen.</translation>
    </message>
    <message>
        <source>Sample from Selection</source>
        <translation>Aus der Auswahl ziehen</translation>
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
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Hyper-Representation</source>
        <translation>Hyper-Repräsentation</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
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
        <source>%1 - ZooScope</source>
        <translation>%1 - ZooScope</translation>
    </message>
    <message>
        <source>&amp;Load Hyper-Representation...</source>
        <translation>Hyper-Repräsentation &amp;laden...</translation>
    </message>
    <message>
        <source>Load a trained hyper-representation (.hr) and show the zoo&apos;s latents</source>
        <translation>Eine trainierte Hyper-Repräsentation (.hr) laden und die latenten Vektoren des Zoos anzeigen</translation>
    </message>
    <message>
        <source>&amp;Save Hyper-Representation As...</source>
        <translation>Hyper-Repräsentation speichern &amp;unter...</translation>
    </message>
    <message>
        <source>Save the hyper-representation in use to a file</source>
        <translation>Die verwendete Hyper-Repräsentation in einer Datei speichern</translation>
    </message>
    <message>
        <source>Projection</source>
        <translation>Projektion</translation>
    </message>
    <message>
        <source>No zoo open.</source>
        <translation>Kein Zoo geöffnet.</translation>
    </message>
    <message>
        <source>Load Hyper-Representation</source>
        <translation>Hyper-Repräsentation laden</translation>
    </message>
    <message>
        <source>Run the probes to see what the representation knows about each model.</source>
        <translation>Führen Sie die Sonden aus, um zu sehen, was die Repräsentation über jedes Modell weiß.</translation>
    </message>
    <message>
        <source>%1: %2 models, %3 checkpoints each, %4 parameters.</source>
        <translation>%1: %2 Modelle, je %3 Checkpoints, %4 Parameter.</translation>
    </message>
    <message>
        <source>New latents: run the probes to see what they know about each model.</source>
        <translation>Neue latente Vektoren: führen Sie die Sonden aus, um zu sehen, was sie über jedes Modell wissen.</translation>
    </message>
    <message>
        <source>Hyper-representations (*.hr);;All files (*)</source>
        <translation>Hyper-Repräsentationen (*.hr);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save Hyper-Representation</source>
        <translation>Hyper-Repräsentation speichern</translation>
    </message>
    <message>
        <source>Projecting...</source>
        <translation>Projektion läuft...</translation>
    </message>
    <message>
        <source>Export Generated Models</source>
        <translation>Erzeugte Modelle exportieren</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV-Tabelle (*.csv)</translation>
    </message>
    <message>
        <source>Cannot tell what to write to %1: name it .csv, .json or .h5.</source>
        <translation>Unklar, was nach %1 geschrieben werden soll: nennen Sie die Datei .csv, .json oder .h5.</translation>
    </message>
    <message>
        <source>Could not export the selection to %1: %2</source>
        <translation>Die Auswahl konnte nicht nach %1 exportiert werden: %2</translation>
    </message>
    <message>
        <source>Export &amp;Selection...</source>
        <translation>Au&amp;swahl exportieren...</translation>
    </message>
    <message>
        <source>Export Selection</source>
        <translation>Auswahl exportieren</translation>
    </message>
    <message>
        <source>Exported the selection to %1</source>
        <translation>Auswahl nach %1 exportiert</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Model zoo subset (*.zoo.h5 *.h5)</source>
        <translation>Teil-Modellzoo (*.zoo.h5 *.h5)</translation>
    </message>
    <message>
        <source>PyTorch state dicts in a new folder (*)</source>
        <translation>PyTorch-State-Dicts in einem neuen Ordner (*)</translation>
    </message>
    <message>
        <source>Save the selected model checkpoints: a table (CSV, JSON), a zoo file or PyTorch state dicts</source>
        <translation>Die ausgewählten Modell-Checkpoints speichern: als Tabelle (CSV, JSON), Zoo-Datei oder PyTorch-State-Dicts</translation>
    </message>
    <message>
        <source>Open &amp;Session...</source>
        <translation>&amp;Sitzung öffnen...</translation>
    </message>
    <message>
        <source>Open a saved session: its zoo, projection, colours, camera and selections</source>
        <translation>Eine gespeicherte Sitzung öffnen: ihren Zoo, ihre Projektion, Farben, Kamera und Auswahlen</translation>
    </message>
    <message>
        <source>Recent Sess&amp;ions</source>
        <translation>Zuletzt geöffnete S&amp;itzungen</translation>
    </message>
    <message>
        <source>Save Sessio&amp;n</source>
        <translation>Sitzung spei&amp;chern</translation>
    </message>
    <message>
        <source>Save what is on show as a session file (.zooscope) that reopens it exactly</source>
        <translation>Das Gezeigte als Sitzungsdatei (.zooscope) speichern, die es genau so wieder öffnet</translation>
    </message>
    <message>
        <source>Save Session &amp;As...</source>
        <translation>Sitzung speichern &amp;unter...</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>ZooScope sessions (*.zooscope);;All files (*)</source>
        <translation>ZooScope-Sitzungen (*.zooscope);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>Sitzung öffnen</translation>
    </message>
    <message>
        <source>Could not open the session %1:
%2</source>
        <translation>Die Sitzung %1 konnte nicht geöffnet werden:
%2</translation>
    </message>
    <message>
        <source>The session %1 was opened, but:
%2</source>
        <translation>Die Sitzung %1 wurde geöffnet, aber:
%2</translation>
    </message>
    <message>
        <source>Open a model zoo first: the figure is its latent view.</source>
        <translation>Öffnen Sie zuerst einen Modell-Zoo: Die Abbildung zeigt seinen latenten Raum.</translation>
    </message>
    <message>
        <source>Saved %1: %2 points drawn, %3 hidden behind nearer points left out</source>
        <translation>%1 gespeichert: %2 Punkte gezeichnet, %3 hinter näheren Punkten verdeckte ausgelassen</translation>
    </message>
    <message>
        <source>Saved %1: %2 points drawn</source>
        <translation>%1 gespeichert: %2 Punkte gezeichnet</translation>
    </message>
    <message>
        <source>Save the 3D view as a figure for a paper (SVG, PDF, PNG)</source>
        <translation>Die 3D-Ansicht als Abbildung für eine Veröffentlichung speichern (SVG, PDF, PNG)</translation>
    </message>
    <message>
        <source>The behavioural term runs the models on the zoo&apos;s training images; ZooScope has only Fashion-MNIST&apos;s built in (this zoo: %1). zooscope-cli ae train --data DIR can give others.</source>
        <translation>Der Verhaltensterm lässt die Modelle auf den Trainingsbildern des Zoos laufen; ZooScope hat nur die von Fashion-MNIST eingebaut (dieser Zoo: %1). zooscope-cli ae train --data DIR kann andere verwenden.</translation>
    </message>
    <message>
        <source>Histograms</source>
        <translation>Histogramme</translation>
    </message>
    <message>
        <source>Ne&amp;w Zoo...</source>
        <translation>&amp;Neuer Zoo...</translation>
    </message>
    <message>
        <source>Train a new model zoo in the background</source>
        <translation>Einen neuen Modell-Zoo im Hintergrund trainieren</translation>
    </message>
    <message>
        <source>Im&amp;port Public Zoo...</source>
        <translation>Öffentlichen Zoo im&amp;portieren...</translation>
    </message>
    <message>
        <source>Import a zoo in the public layout (model folders with params.json and checkpoints)</source>
        <translation>Einen Zoo im öffentlichen Layout importieren (Modellordner mit params.json und Checkpoints)</translation>
    </message>
    <message>
        <source>Write Slurm Job Scripts</source>
        <translation>Slurm-Jobskripte schreiben</translation>
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
    <name>zooscope::ProjectionComputation</name>
    <message>
        <source>PCA: %1% + %2% + %3% = %4% of the variance</source>
        <translation>PCA: %1 % + %2 % + %3 % = %4 % der Varianz</translation>
    </message>
    <message>
        <source>there is nothing to project (fewer than two points)</source>
        <translation>es gibt nichts zu projizieren (weniger als zwei Punkte)</translation>
    </message>
    <message>
        <source>t-SNE 3D: perplexity %1, %2 iterations, KL divergence %3, %4 s</source>
        <translation>t-SNE 3D: Perplexität %1, %2 Iterationen, KL-Divergenz %3, %4 s</translation>
    </message>
    <message>
        <source> (fitted on %1 of %2 points, the rest placed by their nearest neighbours)</source>
        <translation> (angepasst an %1 von %2 Punkten, der Rest nach den nächsten Nachbarn platziert)</translation>
    </message>
    <message>
        <source>axis %1 does not exist: the representation has %2 dimensions</source>
        <translation>Achse %1 existiert nicht: die Repräsentation hat %2 Dimensionen</translation>
    </message>
    <message>
        <source>Axes %1, %2, %3 of the representation, unprojected</source>
        <translation>Achsen %1, %2, %3 der Repräsentation, unprojiziert</translation>
    </message>
</context>
<context>
    <name>zooscope::ProjectionPanel</name>
    <message>
        <source>Projection</source>
        <translation>Projektion</translation>
    </message>
    <message>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <source>t-SNE (3D)</source>
        <translation>t-SNE (3D)</translation>
    </message>
    <message>
        <source>Latent axes</source>
        <translation>Latente Achsen</translation>
    </message>
    <message>
        <source>How the representation becomes 3D: principal components, t-SNE, or three of its own axes</source>
        <translation>Wie die Repräsentation dreidimensional wird: Hauptkomponenten, t-SNE oder drei ihrer eigenen Achsen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Project again with the parameters below</source>
        <translation>Mit den Parametern unten erneut projizieren</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Perplexität</translation>
    </message>
    <message>
        <source>Iterations</source>
        <translation>Iterationen</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <source>z</source>
        <translation>z</translation>
    </message>
    <message>
        <source>Colour and size</source>
        <translation>Farbe und Größe</translation>
    </message>
    <message>
        <source>viridis</source>
        <translation>viridis</translation>
    </message>
    <message>
        <source>cividis</source>
        <translation>cividis</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Umkehren</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>Färben nach</translation>
    </message>
    <message>
        <source>Colour map</source>
        <translation>Farbskala</translation>
    </message>
    <message>
        <source>Size by</source>
        <translation>Größe nach</translation>
    </message>
    <message>
        <source>Point size</source>
        <translation>Punktgröße</translation>
    </message>
    <message>
        <source>(uniform)</source>
        <translation>(einheitlich)</translation>
    </message>
</context>
<context>
    <name>zooscope::SamplingComputation</name>
    <message>
        <source>loading the dataset</source>
        <translation>Datensatz wird geladen</translation>
    </message>
    <message>
        <source>the zoo&apos;s dataset &apos;%1&apos; is not built in; ZooScope can test generated models on Fashion-MNIST only (zooscope-cli sample --data DIR takes others)</source>
        <translation>Der Datensatz „%1“ des Zoos ist nicht eingebaut; ZooScope kann erzeugte Modelle nur auf Fashion-MNIST testen (zooscope-cli sample --data DIR nimmt auch andere)</translation>
    </message>
    <message>
        <source>random init</source>
        <translation>Zufallsinitialisierung</translation>
    </message>
    <message>
        <source>encoding the generated models</source>
        <translation>erzeugte Modelle werden kodiert</translation>
    </message>
    <message>
        <source>%1 (%2 models)</source>
        <translation>%1 (%2 Modelle)</translation>
    </message>
    <message>
        <source>%1 models with %2 from %3 anchors in %4.</source>
        <translation>%1 Modelle mit %2 aus %3 Ankern in %4.</translation>
    </message>
    <message>
        <source> Mean test accuracy after %1 fine-tuning epochs: %2% (anchors %3%).</source>
        <translation> Mittlere Testgenauigkeit nach %1 Nachtrainings-Epochen: %2 % (Anker %3 %).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Generated model %1&lt;/b&gt; (%2)</source>
        <translation>&lt;b&gt;Erzeugtes Modell %1&lt;/b&gt; (%2)</translation>
    </message>
    <message>
        <source>&lt;br&gt;fine-tuning epoch %1: test accuracy %2%</source>
        <translation>&lt;br&gt;Nachtrainings-Epoche %1: Testgenauigkeit %2 %</translation>
    </message>
    <message>
        <source>, max IoU %1</source>
        <translation>, max. IoU %1</translation>
    </message>
    <message>
        <source>There are no generated models to export.</source>
        <translation>Es gibt keine erzeugten Modelle zum Exportieren.</translation>
    </message>
    <message>
        <source>%1 holds no generated models.</source>
        <translation>%1 enthält keine erzeugten Modelle.</translation>
    </message>
    <message>
        <source>The generated models in %1 have another architecture than the zoo %2.</source>
        <translation>Die erzeugten Modelle in %1 haben eine andere Architektur als der Zoo %2.</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>erzeugt</translation>
    </message>
    <message>
        <source>The generated models are still being fine-tuned; export them when sampling has finished.</source>
        <translation>Die erzeugten Modelle werden noch feinabgestimmt; exportieren Sie sie, wenn das Sampling beendet ist.</translation>
    </message>
</context>
<context>
    <name>zooscope::SamplingPanel</name>
    <message>
        <source>KDE as published (kde-paper)</source>
        <translation>KDE wie veröffentlicht (kde-paper)</translation>
    </message>
    <message>
        <source>KDE (kde)</source>
        <translation>KDE (kde)</translation>
    </message>
    <message>
        <source>Gaussian (gauss)</source>
        <translation>Gauß (gauss)</translation>
    </message>
    <message>
        <source>Gaussian mixture (gmm)</source>
        <translation>Gaußsche Mischung (gmm)</translation>
    </message>
    <message>
        <source>Neighbourhood box (neigh)</source>
        <translation>Nachbarschaftsbox (neigh)</translation>
    </message>
    <message>
        <source>Uniform (uniform)</source>
        <translation>Gleichverteilt (uniform)</translation>
    </message>
    <message>
        <source>Baseline: anchors + noise (noise)</source>
        <translation>Baseline: Anker + Rauschen (noise)</translation>
    </message>
    <message>
        <source>Baseline: random init (random-init)</source>
        <translation>Baseline: Zufallsinitialisierung (random-init)</translation>
    </message>
    <message>
        <source>Baseline: anchors fine-tuned (zoo)</source>
        <translation>Baseline: nachtrainierte Anker (zoo)</translation>
    </message>
    <message>
        <source>Sample from selection</source>
        <translation>Aus der Auswahl ziehen</translation>
    </message>
    <message>
        <source>Sampler:</source>
        <translation>Sampler:</translation>
    </message>
    <message>
        <source>How many new models to sample</source>
        <translation>Wie viele neue Modelle gesampelt werden</translation>
    </message>
    <message>
        <source>Models:</source>
        <translation>Modelle:</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Kernel width of the KDE samplers. Automatic: Scott&apos;s rule for kde, the published 0.002 for kde-paper.</source>
        <translation>Kernbreite der KDE-Sampler. Automatisch: Scotts Regel für kde, der veröffentlichte Wert 0.002 für kde-paper.</translation>
    </message>
    <message>
        <source>Bandwidth:</source>
        <translation>Bandbreite:</translation>
    </message>
    <message>
        <source>Epochs at which the generated models are tested, comma-separated; 0 = as generated.</source>
        <translation>Epochen, in denen die erzeugten Modelle getestet werden, durch Kommas getrennt; 0 = wie erzeugt.</translation>
    </message>
    <message>
        <source>Fine-tuning epochs:</source>
        <translation>Nachtrainings-Epochen:</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Beste</translation>
    </message>
    <message>
        <source>of training models</source>
        <translation>der Trainingsmodelle</translation>
    </message>
    <message>
        <source>Anchors:</source>
        <translation>Anker:</translation>
    </message>
    <message>
        <source>Compare with random init</source>
        <translation>Mit Zufallsinitialisierung vergleichen</translation>
    </message>
    <message>
        <source>Also train freshly initialised models with the zoo&apos;s recipe for the same epochs (baseline).</source>
        <translation>Zusätzlich neu initialisierte Modelle mit dem Rezept des Zoos gleich viele Epochen lang trainieren (Baseline).</translation>
    </message>
    <message>
        <source> models</source>
        <translation> Modelle</translation>
    </message>
    <message>
        <source>Measure novelty against the training models</source>
        <translation>Neuheit gegenüber den Trainingsmodellen messen</translation>
    </message>
    <message>
        <source>How many test images each generated model gets wrong in the same way as its most similar training model (max IoU; 1 = a copy). Tests every training model once more: takes a while.</source>
        <translation>Wie viele Testbilder jedes erzeugte Modell auf dieselbe Weise falsch klassifiziert wie sein ähnlichstes Trainingsmodell (max. IoU; 1 = eine Kopie). Testet jedes Trainingsmodell erneut: dauert eine Weile.</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Samplen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Export Generated Models...</source>
        <translation>Erzeugte Modelle exportieren...</translation>
    </message>
    <message>
        <source>Save the generated models as a zoo file (HDF5) that ZooScope and zooscope-cli open</source>
        <translation>Die erzeugten Modelle als Zoo-Datei (HDF5) speichern, die ZooScope und zooscope-cli öffnen können</translation>
    </message>
    <message>
        <source>Open a model zoo first.</source>
        <translation>Öffnen Sie zuerst einen Modellzoo.</translation>
    </message>
    <message>
        <source>The latent samplers need a hyper-representation: train or load one (or pick a baseline).</source>
        <translation>Die latenten Sampler benötigen eine Hyper-Repräsentation: trainieren oder laden Sie eine (oder wählen Sie eine Baseline).</translation>
    </message>
    <message>
        <source>The fine-tuning epochs must be a comma-separated list of whole numbers from 0 to 1000, e.g. 0,1,5.</source>
        <translation>Die Nachtrainings-Epochen müssen eine durch Kommas getrennte Liste ganzer Zahlen von 0 bis 1000 sein, z. B. 0,1,5.</translation>
    </message>
    <message>
        <source>Select some points in the 3D view or the Models table first: they become the anchors.</source>
        <translation>Wählen Sie zuerst einige Punkte in der 3D-Ansicht oder in der Tabelle „Modelle“ aus: sie werden zu den Ankern.</translation>
    </message>
    <message>
        <source>The selection (1 checkpoint)</source>
        <translation>Die Auswahl (1 Checkpoint)</translation>
    </message>
    <message>
        <source>The selection (%1 checkpoints)</source>
        <translation>Die Auswahl (%1 Checkpoints)</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>Startet...</translation>
    </message>
    <message>
        <source>%1, about %2 left</source>
        <translation>%1, noch etwa %2</translation>
    </message>
    <message>
        <source>&lt;i&gt;Nothing is selected: brush a region in the 3D view, or use the top models.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Nichts ausgewählt: markieren Sie eine Region in der 3D-Ansicht oder verwenden Sie die besten Modelle.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Sample new models from the anchors, test and fine-tune them</source>
        <translation>Neue Modelle aus den Ankern samplen, testen und nachtrainieren</translation>
    </message>
</context>
<context>
    <name>zooscope::SamplingResultsChart</name>
    <message>
        <source>test accuracy (%)</source>
        <translation>Testgenauigkeit (%)</translation>
    </message>
    <message>
        <source>max IoU</source>
        <translation>max. IoU</translation>
    </message>
    <message>
        <source>fine-tuning epochs</source>
        <translation>Nachtrainings-Epochen</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>erzeugt</translation>
    </message>
    <message>
        <source>selection</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>random init</source>
        <translation>Zufallsinit.</translation>
    </message>
    <message>
        <source>novelty</source>
        <translation>Neuheit</translation>
    </message>
    <message>
        <source>0 (as generated)</source>
        <translation>0 (wie erzeugt)</translation>
    </message>
</context>
<context>
    <name>zooscope::ScatterViewBinding</name>
    <message>
        <source>demo value</source>
        <translation>Demo-Wert</translation>
    </message>
    <message>
        <source>Colour by</source>
        <translation>Färben nach</translation>
    </message>
    <message>
        <source>Size by</source>
        <translation>Größe nach</translation>
    </message>
</context>
<context>
    <name>zooscope::SelectionModel</name>
    <message>
        <source>add</source>
        <translation>hinzufügen</translation>
    </message>
    <message>
        <source>subtract</source>
        <translation>abziehen</translation>
    </message>
    <message>
        <source>toggle</source>
        <translation>umschalten</translation>
    </message>
    <message>
        <source>replace</source>
        <translation>ersetzen</translation>
    </message>
</context>
<context>
    <name>zooscope::SelectionToolBar</name>
    <message>
        <source>Selection</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>Navigate</source>
        <translation>Navigieren</translation>
    </message>
    <message>
        <source>Turn, pan and zoom the view; click a point to select it</source>
        <translation>Ansicht drehen, verschieben und zoomen; einen Punkt anklicken, um ihn auszuwählen</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <source>Select the points inside a rectangle (Ctrl adds, Shift subtracts, Ctrl+Shift toggles)</source>
        <translation>Die Punkte in einem Rechteck auswählen (Ctrl fügt hinzu, Shift zieht ab, Ctrl+Shift schaltet um)</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <source>Select the points inside a drawn outline (Ctrl adds, Shift subtracts, Ctrl+Shift toggles)</source>
        <translation>Die Punkte in einem gezeichneten Umriss auswählen (Ctrl fügt hinzu, Shift zieht ab, Ctrl+Shift schaltet um)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Add to the selection (or hold Ctrl)</source>
        <translation>Zur Auswahl hinzufügen (oder Ctrl gedrückt halten)</translation>
    </message>
    <message>
        <source>Subtract</source>
        <translation>Abziehen</translation>
    </message>
    <message>
        <source>Remove from the selection (or hold Shift)</source>
        <translation>Aus der Auswahl entfernen (oder Shift gedrückt halten)</translation>
    </message>
    <message>
        <source>Toggle</source>
        <translation>Umschalten</translation>
    </message>
    <message>
        <source>Toggle points in and out of the selection (or hold Ctrl+Shift)</source>
        <translation>Punkte in die Auswahl aufnehmen bzw. daraus entfernen (oder Ctrl+Shift gedrückt halten)</translation>
    </message>
    <message>
        <source>Visible only</source>
        <translation>Nur sichtbare</translation>
    </message>
    <message>
        <source>Select only the points that are not hidden behind others (otherwise every point inside the outline)</source>
        <translation>Nur die Punkte auswählen, die nicht von anderen verdeckt sind (sonst jeden Punkt innerhalb des Umrisses)</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>Invertieren</translation>
    </message>
    <message>
        <source>Select what is not selected</source>
        <translation>Auswählen, was nicht ausgewählt ist</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Select nothing</source>
        <translation>Nichts auswählen</translation>
    </message>
    <message>
        <source>Isolate</source>
        <translation>Isolieren</translation>
    </message>
    <message>
        <source>Show only the selected points</source>
        <translation>Nur die ausgewählten Punkte anzeigen</translation>
    </message>
    <message>
        <source>Neighbours</source>
        <translation>Nachbarn</translation>
    </message>
    <message>
        <source>Add the k nearest neighbours in latent space of every selected point</source>
        <translation>Die k nächsten Nachbarn jedes ausgewählten Punkts im latenten Raum hinzufügen</translation>
    </message>
    <message>
        <source>k = </source>
        <translation>k = </translation>
    </message>
    <message>
        <source>How many neighbours of each selected point</source>
        <translation>Wie viele Nachbarn je ausgewähltem Punkt</translation>
    </message>
    <message>
        <source>Euclidean</source>
        <translation>Euklidisch</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>Kosinus</translation>
    </message>
    <message>
        <source>Save...</source>
        <translation>Speichern...</translation>
    </message>
    <message>
        <source>Keep the selection under a name</source>
        <translation>Die Auswahl unter einem Namen aufbewahren</translation>
    </message>
    <message>
        <source>Save Selection</source>
        <translation>Auswahl speichern</translation>
    </message>
    <message>
        <source>Name of the selection:</source>
        <translation>Name der Auswahl:</translation>
    </message>
    <message>
        <source>Selection %1</source>
        <translation>Auswahl %1</translation>
    </message>
    <message>
        <source>Restore a named selection</source>
        <translation>Eine benannte Auswahl wiederherstellen</translation>
    </message>
    <message>
        <source>Named selections</source>
        <translation>Benannte Auswahlen</translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n ausgewählt</numerusform>
            <numerusform>%n ausgewählt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>zooscope::TrainingCurvesChart</name>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <source>batch R²</source>
        <translation>Batch-R²</translation>
    </message>
    <message>
        <source>train R²</source>
        <translation>Trainings-R²</translation>
    </message>
    <message>
        <source>validation R²</source>
        <translation>Validierungs-R²</translation>
    </message>
    <message>
        <source>behaviour</source>
        <translation>Verhalten</translation>
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
    <message>
        <source>&lt;b&gt;Model %1&lt;/b&gt;, epoch %2 &lt;span style=&apos;color:#666&apos;&gt;(%3)&lt;/span&gt;</source>
        <translation>&lt;b&gt;Modell %1&lt;/b&gt;, Epoche %2 &lt;span style=&apos;color:#666&apos;&gt;(%3)&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;br&gt;Test accuracy %1 &amp;middot; validation %2 &amp;middot; train %3</source>
        <translation>&lt;br&gt;Testgenauigkeit %1 &amp;middot; Validierung %2 &amp;middot; Training %3</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1, %2 init, %3</source>
        <translation>&lt;br&gt;%1, Init. %2, %3</translation>
    </message>
    <message>
        <source>&lt;br&gt;lr %1 &amp;middot; weight decay %2 &amp;middot; dropout %3 &amp;middot; seed %4</source>
        <translation>&lt;br&gt;LR %1 &amp;middot; Weight Decay %2 &amp;middot; Dropout %3 &amp;middot; Seed %4</translation>
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
<context>
    <name>zooscope::ChartExportMenu</name>
    <message>
        <source>Export Figure...</source>
        <translation>Abbildung exportieren...</translation>
    </message>
</context>
<context>
    <name>zooscope::FigureExportDialog</name>
    <message>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>%1 is a folder.</source>
        <translation>%1 ist ein Ordner.</translation>
    </message>
    <message>
        <source>%1 x %2 mm, %3 x %4 pixels at %5 dpi</source>
        <translation>%1 x %2 mm, %3 x %4 Pixel bei %5 dpi</translation>
    </message>
    <message>
        <source>0: three quarters of the width</source>
        <translation>0: drei Viertel der Breite</translation>
    </message>
    <message>
        <source>2D, the first two components</source>
        <translation>2D, die ersten beiden Komponenten</translation>
    </message>
    <message>
        <source>3D, as on screen</source>
        <translation>3D, wie auf dem Bildschirm</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Automatic (3:4 of the width)</source>
        <translation>Automatisch (3:4 der Breite)</translation>
    </message>
    <message>
        <source>Axes (with explained variance)</source>
        <translation>Achsen (mit erklärter Varianz)</translation>
    </message>
    <message>
        <source>Background:</source>
        <translation>Hintergrund:</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose a file name.</source>
        <translation>Wählen Sie einen Dateinamen.</translation>
    </message>
    <message>
        <source>Choose a font.</source>
        <translation>Wählen Sie eine Schrift.</translation>
    </message>
    <message>
        <source>Colour bar or legend</source>
        <translation>Farbskala oder Legende</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Benutzerdefiniert</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>Export Figure</source>
        <translation>Abbildung exportieren</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>File name:</source>
        <translation>Dateiname:</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>Schriftgröße:</translation>
    </message>
    <message>
        <source>Font:</source>
        <translation>Schrift:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Generated models</source>
        <translation>Erzeugte Modelle</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>Höhe:</translation>
    </message>
    <message>
        <source>Include</source>
        <translation>Enthalten</translation>
    </message>
    <message>
        <source>Millimetres</source>
        <translation>Millimeter</translation>
    </message>
    <message>
        <source>No title</source>
        <translation>Kein Titel</translation>
    </message>
    <message>
        <source>One column (89 mm)</source>
        <translation>Eine Spalte (89 mm)</translation>
    </message>
    <message>
        <source>PDF (vector, fonts embedded)</source>
        <translation>PDF (Vektor, Schriften eingebettet)</translation>
    </message>
    <message>
        <source>PDF vector figure (*.pdf)</source>
        <translation>PDF-Vektorabbildung (*.pdf)</translation>
    </message>
    <message>
        <source>PNG (image)</source>
        <translation>PNG (Rasterbild)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Pixels</source>
        <translation>Pixel</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Vorgabe:</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>Auflösung:</translation>
    </message>
    <message>
        <source>SVG (vector)</source>
        <translation>SVG (Vektor)</translation>
    </message>
    <message>
        <source>SVG vector figure (*.svg)</source>
        <translation>SVG-Vektorabbildung (*.svg)</translation>
    </message>
    <message>
        <source>Selection highlight</source>
        <translation>Hervorhebung der Auswahl</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>The figure may be at most 2000 mm wide and high.</source>
        <translation>Die Abbildung darf höchstens 2000 mm breit und hoch sein.</translation>
    </message>
    <message>
        <source>The figure may be at most 20000 pixels wide and high at %1 dpi.</source>
        <translation>Die Abbildung darf bei %1 dpi höchstens 20000 Pixel breit und hoch sein.</translation>
    </message>
    <message>
        <source>The figure must be at least 16 pixels wide and high at %1 dpi.</source>
        <translation>Die Abbildung muss bei %1 dpi mindestens 16 Pixel breit und hoch sein.</translation>
    </message>
    <message>
        <source>The file name must end in .svg, .pdf or .png.</source>
        <translation>Der Dateiname muss auf .svg, .pdf oder .png enden.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The font size must be 2 to 72 points.</source>
        <translation>Die Schriftgröße muss 2 bis 72 Punkt betragen.</translation>
    </message>
    <message>
        <source>The height must not be negative.</source>
        <translation>Die Höhe darf nicht negativ sein.</translation>
    </message>
    <message>
        <source>The hover card is never included.</source>
        <translation>Die Hover-Karte ist nie enthalten.</translation>
    </message>
    <message>
        <source>The pixels per inch of a PNG; recorded in SVG and PDF files</source>
        <translation>Pixel pro Zoll eines PNG; in SVG- und PDF-Dateien vermerkt</translation>
    </message>
    <message>
        <source>The resolution must be %1 to %2 dpi.</source>
        <translation>Die Auflösung muss %1 bis %2 dpi betragen.</translation>
    </message>
    <message>
        <source>The width must be more than 0.</source>
        <translation>Die Breite muss größer als 0 sein.</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Titel:</translation>
    </message>
    <message>
        <source>Trajectories</source>
        <translation>Trajektorien</translation>
    </message>
    <message>
        <source>Transparent</source>
        <translation>Transparent</translation>
    </message>
    <message>
        <source>Two columns (183 mm)</source>
        <translation>Zwei Spalten (183 mm)</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>Einheit:</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>Ansicht:</translation>
    </message>
    <message>
        <source>White</source>
        <translation>Weiß</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Breite:</translation>
    </message>
</context>
<context>
    <name>zooscope::SelectionExport</name>
    <message>
        <source>No zoo is open.</source>
        <translation>Kein Zoo geöffnet.</translation>
    </message>
    <message>
        <source>Nothing is selected.</source>
        <translation>Nichts ist ausgewählt.</translation>
    </message>
</context>
<context>
    <name>zooscope::ScatterFigure</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>zooscope::SessionFile</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>There is nothing to save: open a model zoo first.</source>
        <translation>Es gibt nichts zu speichern: Öffnen Sie zuerst einen Modell-Zoo.</translation>
    </message>
    <message>
        <source>%1 is empty: it is not a ZooScope session.</source>
        <translation>%1 ist leer: Es ist keine ZooScope-Sitzung.</translation>
    </message>
    <message>
        <source>%1 is truncated: it ends in the middle of the session (%2).</source>
        <translation>%1 ist abgeschnitten: Die Datei endet mitten in der Sitzung (%2).</translation>
    </message>
    <message>
        <source>%1 is not a ZooScope session: it is not JSON (%2).</source>
        <translation>%1 ist keine ZooScope-Sitzung: Die Datei ist kein JSON (%2).</translation>
    </message>
    <message>
        <source>%1 is not a ZooScope session: it is not a JSON object.</source>
        <translation>%1 ist keine ZooScope-Sitzung: Die Datei ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>%1 is not a ZooScope session (its format is %2, not &quot;%3&quot;).</source>
        <translation>%1 ist keine ZooScope-Sitzung (ihr Format ist %2, nicht „%3“).</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>nicht angegeben</translation>
    </message>
    <message>
        <source>%1 was written by a newer ZooScope (session version %2); this one reads version %3.</source>
        <translation>%1 wurde von einem neueren ZooScope geschrieben (Sitzungsversion %2); dieses liest Version %3.</translation>
    </message>
    <message>
        <source>%1 is damaged: %2.</source>
        <translation>%1 ist beschädigt: %2.</translation>
    </message>
    <message>
        <source>The session file %1 does not exist.</source>
        <translation>Die Sitzungsdatei %1 existiert nicht.</translation>
    </message>
    <message>
        <source>Cannot read the session file %1: %2</source>
        <translation>Die Sitzungsdatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The session&apos;s zoo %1 is missing (moved or deleted).</source>
        <translation>Der Zoo %1 der Sitzung fehlt (verschoben oder gelöscht).</translation>
    </message>
    <message>
        <source>The zoo %1 has changed since the session was saved (its content hash differs).</source>
        <translation>Der Zoo %1 hat sich seit dem Speichern der Sitzung geändert (sein Inhalts-Hash weicht ab).</translation>
    </message>
    <message>
        <source>The session&apos;s hyper-representation %1 is missing (moved or deleted).</source>
        <translation>Die Hyper-Repräsentation %1 der Sitzung fehlt (verschoben oder gelöscht).</translation>
    </message>
    <message>
        <source>The hyper-representation %1 has changed since the session was saved (its content hash differs).</source>
        <translation>Die Hyper-Repräsentation %1 hat sich seit dem Speichern der Sitzung geändert (ihr Inhalts-Hash weicht ab).</translation>
    </message>
    <message>
        <source>The session&apos;s generated models %1 are missing (moved or deleted).</source>
        <translation>Die erzeugten Modelle %1 der Sitzung fehlen (verschoben oder gelöscht).</translation>
    </message>
    <message>
        <source>The generated models %1 have changed since the session was saved (their content hash differs).</source>
        <translation>Die erzeugten Modelle %1 haben sich seit dem Speichern der Sitzung geändert (ihr Inhalts-Hash weicht ab).</translation>
    </message>
</context>
<context>
    <name>zooscope::LatentFigure</name>
    <message>
        <source>PC %1 (%2%)</source>
        <translation>HK %1 (%2 %)</translation>
    </message>
    <message>
        <source>PC %1</source>
        <translation>HK %1</translation>
    </message>
    <message>
        <source>t-SNE %1</source>
        <translation>t-SNE %1</translation>
    </message>
    <message>
        <source>Axis %1</source>
        <translation>Achse %1</translation>
    </message>
    <message>
        <source>There is no zoo on show to make a figure of.</source>
        <translation>Es wird kein Zoo gezeigt, von dem eine Abbildung entstehen könnte.</translation>
    </message>
</context>
<context>
    <name>ModelSelectionPanel</name>
    <message>
        <source>latent</source>
        <translation>Latent</translation>
    </message>
    <message>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <source>s(W)</source>
        <translation>s(W)</translation>
    </message>
    <message>
        <source>accuracy at k</source>
        <translation>Genauigkeit bei k</translation>
    </message>
    <message>
        <source>latent + accuracy at k</source>
        <translation>Latent + Genauigkeit bei k</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model selection&lt;/b&gt;: predict each model&apos;s final test accuracy from an early checkpoint</source>
        <translation>&lt;b&gt;Modellauswahl&lt;/b&gt;: die End-Testgenauigkeit jedes Modells aus einem frühen Checkpoint vorhersagen</translation>
    </message>
    <message>
        <source>From epoch</source>
        <translation>Aus Epoche</translation>
    </message>
    <message>
        <source>The checkpoint epoch k whose weights (or accuracy) the predictors read</source>
        <translation>Die Checkpoint-Epoche k, deren Gewichte (oder Genauigkeit) die Prädiktoren lesen</translation>
    </message>
    <message>
        <source>Predict Final Accuracy</source>
        <translation>Endgenauigkeit vorhersagen</translation>
    </message>
    <message>
        <source>Fit the predictors on the train population, choose lambda on validation, score on test</source>
        <translation>Prädiktoren auf der Trainingspopulation anpassen, Lambda auf der Validierung wählen, auf dem Test bewerten</translation>
    </message>
    <message>
        <source>Predictor</source>
        <translation>Prädiktor</translation>
    </message>
    <message>
        <source>Kendall τ</source>
        <translation>Kendall τ</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>gap τ</source>
        <translation>Lücke τ</translation>
    </message>
    <message>
        <source>top 10% prec.</source>
        <translation>Top 10 % Präz.</translation>
    </message>
    <message>
        <source>top 25% prec.</source>
        <translation>Top 25 % Präz.</translation>
    </message>
    <message>
        <source>On the test population: rank correlation of predicted and true final accuracy (τ), R² of the prediction, the same τ for the generalisation gap, and the share of the predicted top 10% / 25% that is in the true top 10% / 25%</source>
        <translation>Auf der Testpopulation: Rangkorrelation von vorhergesagter und wahrer Endgenauigkeit (τ), R² der Vorhersage, dasselbe τ für die Generalisierungslücke und der Anteil der vorhergesagten besten 10 % / 25 %, der unter den wahren besten 10 % / 25 % ist</translation>
    </message>
    <message>
        <source>Keep Predicted Top</source>
        <translation>Vorhergesagte Besten behalten</translation>
    </message>
    <message>
        <source>Select the models with the best predicted final accuracy (all their checkpoints) and keep them as a named selection</source>
        <translation>Die Modelle mit der besten vorhergesagten Endgenauigkeit (alle ihre Checkpoints) auswählen und als benannte Auswahl behalten</translation>
    </message>
    <message>
        <source> models</source>
        <translation> Modelle</translation>
    </message>
    <message>
        <source>by</source>
        <translation>nach</translation>
    </message>
    <message>
        <source>The zoo has no checkpoint before its last epoch to predict from.</source>
        <translation>Der Zoo hat keinen Checkpoint vor seiner letzten Epoche, aus dem sich vorhersagen ließe.</translation>
    </message>
    <message>
        <source>Predicts the test accuracy at epoch %1, the zoo&apos;s last.</source>
        <translation>Sagt die Testgenauigkeit in Epoche %1 vorher, der letzten des Zoos.</translation>
    </message>
    <message>
        <source>From epoch %1 to epoch %2, on %3 test models (best final accuracy %4%). Stopping all but the predicted top 25% at epoch %1 saves %5 of %6 model-epochs.</source>
        <translation>Von Epoche %1 auf Epoche %2, an %3 Testmodellen (beste Endgenauigkeit %4 %). Alle außer den vorhergesagten besten 25 % in Epoche %1 anzuhalten spart %5 von %6 Modell-Epochen.</translation>
    </message>
</context>
<context>
    <name>AnalysisPanelBinding</name>
    <message>
        <source>Predicting final accuracies...</source>
        <translation>Endgenauigkeiten werden vorhergesagt...</translation>
    </message>
    <message>
        <source>The model selection failed: %1</source>
        <translation>Die Modellauswahl ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The model selection was cancelled.</source>
        <translation>Die Modellauswahl wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The report failed: %1</source>
        <translation>Der Bericht ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>ExplorerSession</name>
    <message>
        <source>Model Selection</source>
        <translation>Modellauswahl</translation>
    </message>
    <message>
        <source>The model selection failed:
%1</source>
        <translation>Die Modellauswahl ist fehlgeschlagen:
%1</translation>
    </message>
    <message>
        <source>Model selection</source>
        <translation>Modellauswahl</translation>
    </message>
    <message>
        <source>predicted top %1 (%2, epoch %3)</source>
        <translation>vorhergesagte beste %1 (%2, Epoche %3)</translation>
    </message>
    <message>
        <source>Selected the %1 models with the best predicted final accuracy as &quot;%2&quot;.</source>
        <translation>Die %1 Modelle mit der besten vorhergesagten Endgenauigkeit als „%2“ ausgewählt.</translation>
    </message>
    <message>
        <source>Diagnosis of the first %1 of %2 selected checkpoints</source>
        <translation>Diagnose der ersten %1 von %2 ausgewählten Checkpoints</translation>
    </message>
    <message>
        <source>Diagnosis of the selected checkpoint</source>
        <translation>Diagnose des ausgewählten Checkpoints</translation>
    </message>
    <message>
        <source>Diagnosis of %1 selected checkpoints</source>
        <translation>Diagnose von %1 ausgewählten Checkpoints</translation>
    </message>
    <message>
        <source>Diagnose</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>The diagnosis failed:
%1</source>
        <translation>Die Diagnose ist fehlgeschlagen:
%1</translation>
    </message>
    <message>
        <source>Select exactly two checkpoints to compare them (%1 selected).</source>
        <translation>Genau zwei Checkpoints zum Vergleichen auswählen (%1 ausgewählt).</translation>
    </message>
    <message>
        <source>Comparison of %1 (A) and %2 (B)</source>
        <translation>Vergleich von %1 (A) und %2 (B)</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>The comparison failed:
%1</source>
        <translation>Der Vergleich ist fehlgeschlagen:
%1</translation>
    </message>
    <message>
        <source>the behavioural term needs the training images of dataset &apos;%1&apos;</source>
        <translation>der Verhaltensterm braucht die Trainingsbilder des Datensatzes &apos;%1&apos;</translation>
    </message>
</context>
<context>
    <name>SelectionReportPanel</name>
    <message>
        <source>Diagnose Selected</source>
        <translation>Auswahl diagnostizieren</translation>
    </message>
    <message>
        <source>Where the selected checkpoints stand against the training population at their epoch: latent neighbours, layer statistics outside the 1-99% range, dead or saturated units, divergence</source>
        <translation>Wo die ausgewählten Checkpoints gegenüber der Trainingspopulation ihrer Epoche stehen: latente Nachbarn, Schichtstatistiken außerhalb des 1-99-%-Bereichs, tote oder gesättigte Einheiten, Divergenz</translation>
    </message>
    <message>
        <source>Compare Selected Two</source>
        <translation>Die zwei ausgewählten vergleichen</translation>
    </message>
    <message>
        <source>Two selected checkpoints side by side: weight and latent distance, per-layer change, accuracy, prediction disagreement on the test set, trajectories</source>
        <translation>Zwei ausgewählte Checkpoints nebeneinander: Gewichts- und latenter Abstand, Änderung je Schicht, Genauigkeit, abweichende Vorhersagen auf dem Testset, Trajektorien</translation>
    </message>
    <message>
        <source>Select checkpoints to diagnose them, or two to compare them.</source>
        <translation>Checkpoints auswählen, um sie zu diagnostizieren, oder zwei, um sie zu vergleichen.</translation>
    </message>
    <message>
        <source>One checkpoint selected.</source>
        <translation>Ein Checkpoint ausgewählt.</translation>
    </message>
    <message>
        <source>%1 checkpoints selected.</source>
        <translation>%1 Checkpoints ausgewählt.</translation>
    </message>
</context>
<context>
    <name>zooscope::ModelSelectionPanel</name>
    <message>
        <source>Predictor</source>
        <translation>Prädiktor</translation>
    </message>
    <message>
        <source>The predictor whose predicted final accuracy the two actions below use</source>
        <translation>Der Prädiktor, dessen vorhergesagte Endgenauigkeit die beiden Aktionen darunter verwenden</translation>
    </message>
    <message>
        <source>Colour by Prediction</source>
        <translation>Nach Vorhersage färben</translation>
    </message>
    <message>
        <source>Colour every checkpoint of the 3D view by its model&apos;s predicted final accuracy</source>
        <translation>Jeden Checkpoint der 3D-Ansicht nach der vorhergesagten Endgenauigkeit seines Modells färben</translation>
    </message>
</context>
<context>
    <name>zooscope::LatentNeighbourhoodCard</name>
    <message>
        <source>%1 latent neighbours at this epoch: test accuracy %2%&lt;br&gt;Outlier percentile %3 &lt;span style=&apos;color:#666&apos;&gt;(100: farthest out)&lt;/span&gt;</source>
        <translation>%1 latente Nachbarn in dieser Epoche: Testgenauigkeit %2 %&lt;br&gt;Ausreißer-Perzentil %3 &lt;span style=&apos;color:#666&apos;&gt;(100: am weitesten außen)&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>zooscope::HistogramChart</name>
    <message>
        <source>models on show</source>
        <translation>gezeigte Modelle</translation>
    </message>
    <message>
        <source>passing the other brushes</source>
        <translation>durch die anderen Pinsel gelassen</translation>
    </message>
    <message>
        <source>selection</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
</context>
<context>
    <name>zooscope::HistogramPanel</name>
    <message>
        <source>Add Histogram</source>
        <translation>Histogramm hinzufügen</translation>
    </message>
    <message>
        <source>Show a histogram of another property</source>
        <translation>Ein Histogramm einer weiteren Eigenschaft zeigen</translation>
    </message>
    <message>
        <source>Clear Brushes</source>
        <translation>Pinsel löschen</translation>
    </message>
    <message>
        <source>Remove every brush; the selection is cleared</source>
        <translation>Alle Pinsel entfernen; die Auswahl wird aufgehoben</translation>
    </message>
    <message>
        <source>on show</source>
        <translation>gezeigt</translation>
    </message>
    <message>
        <source>passing the other brushes</source>
        <translation>durch die anderen Pinsel gelassen</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>ausgewählt</translation>
    </message>
    <message>
        <source>Clear this histogram&apos;s brush</source>
        <translation>Den Pinsel dieses Histogramms löschen</translation>
    </message>
    <message>
        <source>Remove this histogram</source>
        <translation>Dieses Histogramm entfernen</translation>
    </message>
</context>
<context>
    <name>zooscope::HistogramPanelBinding</name>
    <message>
        <source>Open a model zoo to see histograms of its models.</source>
        <translation>Öffnen Sie einen Modellzoo, um Histogramme seiner Modelle zu sehen.</translation>
    </message>
    <message>
        <source>No histogram of %1: %2</source>
        <translation>Kein Histogramm von %1: %2</translation>
    </message>
    <message>
        <source>%1 of %2 selected</source>
        <translation>%1 von %2 ausgewählt</translation>
    </message>
    <message>
        <source>%1 without a value</source>
        <translation>%1 ohne Wert</translation>
    </message>
    <message>
        <source>brush %1 to %2</source>
        <translation>Pinsel %1 bis %2</translation>
    </message>
    <message>
        <source>The brushes select %1 of %2 checkpoints.</source>
        <translation>Die Pinsel wählen %1 von %2 Checkpoints aus.</translation>
    </message>
    <message>
        <source>%1 of %2 checkpoints selected (blue).</source>
        <translation>%1 von %2 Checkpoints ausgewählt (blau).</translation>
    </message>
    <message>
        <source>Drag across a histogram to select a range, click bars to select categories.</source>
        <translation>Über ein Histogramm ziehen wählt einen Bereich aus, ein Klick auf Balken wählt Kategorien aus.</translation>
    </message>
</context>
<context>
    <name>zooscope::DensityMenu</name>
    <message>
        <source>Density Options</source>
        <translation>Dichte-Optionen</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>Dichte</translation>
    </message>
    <message>
        <source>Kernel density of the points on screen: contours around the densest regions holding 25, 50, 75 and 90% of them, or shading; computed again when the camera rests</source>
        <translation>Kerndichte der Punkte auf dem Bildschirm: Konturen um die dichtesten Bereiche, die 25, 50, 75 und 90 % von ihnen enthalten, oder Schattierung; neu berechnet, sobald die Kamera ruht</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Contours</source>
        <translation>Konturen</translation>
    </message>
    <message>
        <source>Shading</source>
        <translation>Schattierung</translation>
    </message>
    <message>
        <source>Contours and Shading</source>
        <translation>Konturen und Schattierung</translation>
    </message>
    <message>
        <source>Kernel Width</source>
        <translation>Kernbreite</translation>
    </message>
    <message>
        <source>Scott&apos;s rule</source>
        <translation>Scott-Regel</translation>
    </message>
    <message>
        <source>%1 × Scott&apos;s rule</source>
        <translation>%1 × Scott-Regel</translation>
    </message>
    <message>
        <source>Contours enclose the densest regions holding
25, 50, 75 and 90% of the points on screen</source>
        <translation>Konturen umschließen die dichtesten Bereiche mit
25, 50, 75 und 90 % der Punkte auf dem Bildschirm</translation>
    </message>
    <message>
        <source>No density on show</source>
        <translation>Keine Dichte angezeigt</translation>
    </message>
    <message>
        <source>Kernel width now: %1 px (Scott&apos;s rule: %2 px), %3 points on screen, %4 ms</source>
        <translation>Kernbreite jetzt: %1 px (Scott-Regel: %2 px), %3 Punkte auf dem Bildschirm, %4 ms</translation>
    </message>
</context>
<context>
    <name>zooscope::NewZooDialog</name>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>%1 exists and will be replaced.</source>
        <translation>%1 existiert und wird ersetzt.</translation>
    </message>
    <message>
        <source>%1 has no IDX files (train-images-idx3-ubyte[.gz] and the other three).</source>
        <translation>%1 enthält keine IDX-Dateien (train-images-idx3-ubyte[.gz] und die anderen drei).</translation>
    </message>
    <message>
        <source>%1 is a folder; give a file name.</source>
        <translation>%1 ist ein Ordner; bitte einen Dateinamen angeben.</translation>
    </message>
    <message>
        <source>%1 models</source>
        <translation>%1 Modelle</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>Durchsuc&amp;hen...</translation>
    </message>
    <message>
        <source>Chec&amp;kpoint epochs:</source>
        <translation>Chec&amp;kpoint-Epochen:</translation>
    </message>
    <message>
        <source>Cre&amp;ate</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>&amp;Dataset folder:</source>
        <translation>&amp;Datensatz-Ordner:</translation>
    </message>
    <message>
        <source>&amp;Output file:</source>
        <translation>A&amp;usgabedatei:</translation>
    </message>
    <message>
        <source>&amp;Recipe:</source>
        <translation>&amp;Rezept:</translation>
    </message>
    <message>
        <source>&amp;Save state every:</source>
        <translation>Zustand sichern a&amp;lle:</translation>
    </message>
    <message>
        <source>&amp;Training images:</source>
        <translation>&amp;Trainingsbilder:</translation>
    </message>
    <message>
        <source>A folder with the four IDX files of an image dataset (MNIST&apos;s format)</source>
        <translation>Ein Ordner mit den vier IDX-Dateien eines Bilddatensatzes (MNIST-Format)</translation>
    </message>
    <message>
        <source>A stopped run left its state next to this file: with the same settings, training continues where it stopped.</source>
        <translation>Ein abgebrochener Lauf hat seinen Zustand neben dieser Datei hinterlassen: Mit denselben Einstellungen setzt das Training dort fort, wo es aufgehört hat.</translation>
    </message>
    <message>
        <source>Batch si&amp;ze:</source>
        <translation>&amp;Batch-Größe:</translation>
    </message>
    <message>
        <source>Bro&amp;wse...</source>
        <translation>Durchsuche&amp;n...</translation>
    </message>
    <message>
        <source>Cannot write in the folder %1.</source>
        <translation>In den Ordner %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Checkpoint epochs</source>
        <translation>Checkpoint-Epochen</translation>
    </message>
    <message>
        <source>Choose the dataset folder.</source>
        <translation>Bitte den Datensatz-Ordner wählen.</translation>
    </message>
    <message>
        <source>Choose the zoo file to write.</source>
        <translation>Bitte die zu schreibende Zoo-Datei wählen.</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>Befehlszeile:</translation>
    </message>
    <message>
        <source>Dataset Folder</source>
        <translation>Datensatz-Ordner</translation>
    </message>
    <message>
        <source>E&amp;pochs:</source>
        <translation>E&amp;pochen:</translation>
    </message>
    <message>
        <source>E&amp;valuation images:</source>
        <translation>E&amp;valuierungsbilder:</translation>
    </message>
    <message>
        <source>Epochs to keep the weights of, e.g. 0,1,2,5,10,20-50 (0: untrained)</source>
        <translation>Epochen, deren Gewichte behalten werden, z. B. 0,1,2,5,10,20-50 (0: untrainiert)</translation>
    </message>
    <message>
        <source>How often the state is saved next to the output while training (a stopped run continues from it)</source>
        <translation>Wie oft der Zustand während des Trainings neben der Ausgabe gesichert wird (ein abgebrochener Lauf setzt dort fort)</translation>
    </message>
    <message>
        <source>Measure validation and test accuracy on the first N images only</source>
        <translation>Validierungs- und Testgenauigkeit nur auf den ersten N Bildern messen</translation>
    </message>
    <message>
        <source>Model zoos (*.h5 *.hdf5);;All files (*)</source>
        <translation>Modell-Zoos (*.h5 *.hdf5);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Models:</source>
        <translation>Modelle:</translation>
    </message>
    <message>
        <source>New Model Zoo</source>
        <translation>Neuer Modell-Zoo</translation>
    </message>
    <message>
        <source>New Zoo File</source>
        <translation>Neue Zoo-Datei</translation>
    </message>
    <message>
        <source>Public F-MNIST grid (256 configurations)</source>
        <translation>Öffentliches F-MNIST-Raster (256 Konfigurationen)</translation>
    </message>
    <message>
        <source>S&amp;eeds:</source>
        <translation>S&amp;eeds:</translation>
    </message>
    <message>
        <source>Seed recipe (tanh, uniform init, Adam 3e-4), one model per seed</source>
        <translation>Seed-Rezept (tanh, gleichverteilte Initialisierung, Adam 3e-4), ein Modell je Seed</translation>
    </message>
    <message>
        <source>Seeds per confi&amp;guration:</source>
        <translation>Seeds je Konfi&amp;guration:</translation>
    </message>
    <message>
        <source>Seeds 1..K for each of the grid&apos;s 256 configurations</source>
        <translation>Seeds 1..K für jede der 256 Konfigurationen des Rasters</translation>
    </message>
    <message>
        <source>Seeds as a list with ranges, e.g. 1-1000 or 1,5,7-9</source>
        <translation>Seeds als Liste mit Bereichen, z. B. 1-1000 oder 1,5,7-9</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>Seeds</translation>
    </message>
    <message>
        <source>T&amp;hreads:</source>
        <translation>Thread&amp;s:</translation>
    </message>
    <message>
        <source>The batch size %1 is more than the %2 training images.</source>
        <translation>Die Batch-Größe %1 ist größer als die %2 Trainingsbilder.</translation>
    </message>
    <message>
        <source>The dataset folder %1 does not exist.</source>
        <translation>Der Datensatz-Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Der Ordner %1 existiert nicht.</translation>
    </message>
    <message>
        <source>The same zoo from the command line (a cluster job, a script)</source>
        <translation>Derselbe Zoo über die Befehlszeile (ein Cluster-Job, ein Skript)</translation>
    </message>
    <message>
        <source>Train on the first N training images only (quick trials)</source>
        <translation>Nur auf den ersten N Trainingsbildern trainieren (schnelle Versuche)</translation>
    </message>
    <message>
        <source>Write S&amp;lurm Job Scripts...</source>
        <translation>Slurm-&amp;Job-Skripte schreiben...</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>every epoch</source>
        <translation>jede Epoche</translation>
    </message>
    <message>
        <source>the zoo file to write (.zoo.h5)</source>
        <translation>die zu schreibende Zoo-Datei (.zoo.h5)</translation>
    </message>
</context>
<context>
    <name>zooscope::JobProgressDialog</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>Pausiert.</translation>
    </message>
    <message>
        <source>Time left: about %1</source>
        <translation>Verbleibende Zeit: etwa %1</translation>
    </message>
    <message>
        <source>Time left: estimating...</source>
        <translation>Verbleibende Zeit: wird geschätzt...</translation>
    </message>
</context>
<context>
    <name>zooscope::NewZooBinding</name>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 ist kein Ordner.</translation>
    </message>
    <message>
        <source>%1 of %2 models done, %3 of %4 model-steps, %5 model-steps/s</source>
        <translation>%1 von %2 Modellen fertig, %3 von %4 Modellschritten, %5 Modellschritte/s</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Stopp</translation>
    </message>
    <message>
        <source>... and %1 more (Show Details...)</source>
        <translation>... und %1 weitere (Details einblenden...)</translation>
    </message>
    <message>
        <source>Cannot write the zoo file %1.</source>
        <translation>Die Zoo-Datei %1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Continuing zoo %1</source>
        <translation>Setze Zoo %1 fort</translation>
    </message>
    <message>
        <source>Creating zoo %1</source>
        <translation>Lege Zoo %1 an</translation>
    </message>
    <message>
        <source>Import Public Zoo</source>
        <translation>Öffentlichen Zoo importieren</translation>
    </message>
    <message>
        <source>A zoo is being created or imported already; stop it first.</source>
        <translation>Es wird bereits ein Zoo angelegt oder importiert; bitte zuerst stoppen.</translation>
    </message>
    <message>
        <source>Import Public Zoo: Folder of Model Folders</source>
        <translation>Öffentlichen Zoo importieren: Ordner mit Modellordnern</translation>
    </message>
    <message>
        <source>Import Public Zoo: Zoo File to Write</source>
        <translation>Öffentlichen Zoo importieren: zu schreibende Zoo-Datei</translation>
    </message>
    <message>
        <source>Import cancelled.</source>
        <translation>Import abgebrochen.</translation>
    </message>
    <message>
        <source>Imported %1 of %2 model folders (%3, dataset %4, %5 checkpoint epochs) into %6.

Checkpoints: %7 read, %8 dropped (NaN or a weight beyond ±%9), %10 missing.</source>
        <translation>%1 von %2 Modellordnern importiert (%3, Datensatz %4, %5 Checkpoint-Epochen) nach %6.

Checkpoints: %7 gelesen, %8 verworfen (NaN oder ein Gewicht jenseits von ±%9), %10 fehlen.</translation>
    </message>
    <message>
        <source>Importing %1</source>
        <translation>Importiere %1</translation>
    </message>
    <message>
        <source>Loading the dataset...</source>
        <translation>Lade den Datensatz...</translation>
    </message>
    <message>
        <source>Model zoos (*.h5 *.hdf5);;All files (*)</source>
        <translation>Modell-Zoos (*.h5 *.hdf5);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>New Zoo</source>
        <translation>Neuer Zoo</translation>
    </message>
    <message>
        <source>Reading the model folders...</source>
        <translation>Lese die Modellordner...</translation>
    </message>
    <message>
        <source>The zoo could not be created</source>
        <translation>Der Zoo konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>The zoo could not be imported</source>
        <translation>Der Zoo konnte nicht importiert werden</translation>
    </message>
    <message>
        <source>Training stopped; its state is kept in %1. New Zoo with the same settings continues from there.</source>
        <translation>Training gestoppt; sein Zustand liegt in %1. „Neuer Zoo“ mit denselben Einstellungen setzt dort fort.</translation>
    </message>
    <message>
        <source>Training the models...</source>
        <translation>Trainiere die Modelle...</translation>
    </message>
    <message>
        <source>Writing the zoo file...</source>
        <translation>Schreibe die Zoo-Datei...</translation>
    </message>
    <message>
        <source>The Slurm job scripts could not be written</source>
        <translation>Die Slurm-Jobskripte konnten nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Wrote %1. On the cluster, submit with %2 (add --wait to wait for the merged zoo).</source>
        <translation>%1 geschrieben. Auf dem Cluster mit %2 abschicken (mit --wait wird auf den zusammengeführten Zoo gewartet).</translation>
    </message>
</context>
<context>
    <name>zooscope::SlurmScriptsDialog</name>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Durchsuchen...</translation>
    </message>
    <message>
        <source>&amp;CPUs per task:</source>
        <translation>&amp;CPUs pro Task:</translation>
    </message>
    <message>
        <source>&amp;Partition:</source>
        <translation>&amp;Partition:</translation>
    </message>
    <message>
        <source>&amp;Shards (array tasks):</source>
        <translation>&amp;Shards (Array-Tasks):</translation>
    </message>
    <message>
        <source>&amp;Time limit per job:</source>
        <translation>&amp;Zeitlimit pro Job:</translation>
    </message>
    <message>
        <source>&amp;Write Scripts</source>
        <translation>Skripte sch&amp;reiben</translation>
    </message>
    <message>
        <source>An array job trains the %1 models in shards (zoo create --shard i/N); a merge job that Slurm starts after every shard succeeded joins them into %2. Submit with submit.sh in the scripts folder.</source>
        <translation>Ein Array-Job trainiert die %1 Modelle in Shards (zoo create --shard i/N); ein Merge-Job, den Slurm erst nach dem Erfolg aller Shards startet, fügt sie zu %2 zusammen. Abschicken mit submit.sh im Skriptordner.</translation>
    </message>
    <message>
        <source>Folder for the Job Scripts</source>
        <translation>Ordner für die Jobskripte</translation>
    </message>
    <message>
        <source>Scripts &amp;folder:</source>
        <translation>Skript&amp;ordner:</translation>
    </message>
    <message>
        <source>Slurm&apos;s default</source>
        <translation>Slurm-Vorgabe</translation>
    </message>
    <message>
        <source>The scripts folder&apos;s parent folder does not exist.</source>
        <translation>Der übergeordnete Ordner des Skriptordners existiert nicht.</translation>
    </message>
    <message>
        <source>Write Slurm Job Scripts</source>
        <translation>Slurm-Jobskripte schreiben</translation>
    </message>
    <message>
        <source>Writes zoo-shards.sbatch, zoo-merge.sbatch and submit.sh into %1.</source>
        <translation>Schreibt zoo-shards.sbatch, zoo-merge.sbatch und submit.sh nach %1.</translation>
    </message>
    <message>
        <source>the cluster&apos;s default</source>
        <translation>Vorgabe des Clusters</translation>
    </message>
    <message>
        <source>the partition&apos;s, or e.g. 4:00:00</source>
        <translation>das der Partition, oder z. B. 4:00:00</translation>
    </message>
    <message>
        <source>zooscope-cli as the compute nodes run it; a name without &apos;/&apos; is looked up in their PATH.</source>
        <translation>zooscope-cli, wie die Rechenknoten es starten; ein Name ohne &apos;/&apos; wird in deren PATH gesucht.</translation>
    </message>
    <message>
        <source>zooscope-cli on the &amp;nodes:</source>
        <translation>zooscope-cli auf den &amp;Knoten:</translation>
    </message>
</context>
</TS>
